import type { ErrorBody } from "./errors";

/**
 * Calling the HTTP API from the browser (cookie session), with the API's error shape
 * turned into a value rather than an exception, so components can show the message.
 *
 * @example
 * const result = await api<{ booking: BookingView }>(`/api/bookings/${id}/accept`, { method: "POST" });
 * if (!result.ok) toast.error(result.error.message);
 */
export type ApiResult<T> = ({ ok: true } & T) | { ok: false; status: number; error: ApiErrorBody };

/** Some codes carry more beside code and message, e.g. CANCELLATION_TERMS_CHANGED's `cancellation`. */
export type ApiErrorBody = ErrorBody["error"];

export async function api<T extends object>(path: string, init: { method?: string; body?: unknown } = {}): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? "GET",
      headers: init.body === undefined ? undefined : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      cache: "no-store",
      credentials: "same-origin",
    });
  } catch {
    return { ok: false, status: 0, error: { code: "NETWORK", message: "Could not reach the server" } };
  }
  const body = await response.json().catch(() => ({}));
  if (response.ok) return { ok: true, ...(body as T) };
  return {
    ok: false,
    status: response.status,
    error: body?.error ?? { code: "HTTP_" + response.status, message: `The server answered ${response.status}` },
  };
}
