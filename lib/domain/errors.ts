/**
 * A failure the caller can act on, in the domain's words: a stable `code` the contract
 * names (NOT_FOUND, INVALID_TRANSITION, VALIDATION_ERROR, ...), and the `kind` of failure
 * it is. The edges decide what a kind means on their wire: an HTTP status
 * (lib/api/handler.ts `errorResponse`) or a socket ack (lib/realtime/handlers.ts `toAck`).
 */
export type ErrorKind =
  | "unauthenticated"
  | "forbidden"
  | "not-found"
  | "conflict"
  | "invalid"
  /** Was there once and is no longer kept (an expired catch-up cursor). */
  | "gone"
  | "too-large"
  | "rate-limited"
  | "unavailable"
  | "timeout";

export type ErrorExtras = {
  /** The input field at fault (dotted path, "body" for the whole body). */
  field?: string;
  /** Extra fields for the caller, beside code and message (e.g. CURSOR_EXPIRED's `cursor`). */
  details?: Record<string, unknown>;
};

export class DomainError extends Error {
  readonly field?: string;
  readonly details?: Record<string, unknown>;

  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    { field, details }: ErrorExtras = {},
  ) {
    super(message);
    this.name = "DomainError";
    this.field = field;
    this.details = details;
  }
}

/** The caller must wait `retryAfterS` seconds (HTTP sends it as Retry-After). */
export class RateLimitedError extends DomainError {
  constructor(
    readonly retryAfterS: number,
    message: string,
  ) {
    super("rate-limited", "RATE_LIMITED", message);
  }
}

export const unauthenticated = (message = "Sign in or send a bearer token") => new DomainError("unauthenticated", "UNAUTHORIZED", message);
export const forbidden = (message = "You may not do this") => new DomainError("forbidden", "FORBIDDEN", message);
export const notFound = (what: string) => new DomainError("not-found", "NOT_FOUND", `${what} not found`);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) => new DomainError("conflict", code, message, { details });

/** Input that does not fit, naming its field; the message reads "<field>: <why>". */
export const invalid = (field: string, message: string, { code = "VALIDATION_ERROR", details }: { code?: string; details?: Record<string, unknown> } = {}) =>
  new DomainError("invalid", code, `${field}: ${message}`, { field, details });
