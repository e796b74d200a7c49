import type { z } from "zod";
import type { Caller } from "../auth/identity";
import { isDatabaseUnavailable } from "../db/errors";
import { DomainError, invalid, RateLimitedError, type ErrorKind } from "../domain/errors";
import { logger } from "../logger";
import { admitCaller, admitCallerOrInternal, type RequestHead } from "./admission";
import { errorBody, fromZodError } from "./errors";
import type { GuardedRoute } from "./route-access";

/**
 * Route handlers are three steps (see docs/architecture in the README): one of the
 * wrappers below decides who may call, a zod schema parses the input, and one call into
 * lib/domain does the work. Errors of any kind leave here as the contract's JSON shape.
 */

type RouteContext<P> = { params: Promise<P> };
type Params = Record<string, string>;

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(data, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

/** How long a caller is told to wait (Retry-After) before trying again while the database is away. */
export const DB_RETRY_AFTER_SECONDS = 2;

/** The HTTP status of each kind of domain error: the one place the API decides them. */
export const HTTP_STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  gone: 410,
  "too-large": 413,
  "rate-limited": 429,
  unavailable: 503,
  timeout: 504,
};

/** Maps anything thrown to a response; only DomainErrors show their message to the caller. `path` goes to the log. */
export function errorResponse(error: unknown, path?: string): Response {
  if (error instanceof DomainError) {
    const retryAfter: Record<string, string> = error instanceof RateLimitedError ? { "Retry-After": String(error.retryAfterS) } : {};
    return json(errorBody(error), HTTP_STATUS[error.kind], retryAfter);
  }
  if (isDatabaseUnavailable(error)) {
    logger().warn({ code: "DB_UNAVAILABLE", path });
    return json(errorBody({ code: "DB_UNAVAILABLE", message: "The database is unavailable; try again shortly" }), HTTP_STATUS.unavailable, {
      "Retry-After": String(DB_RETRY_AFTER_SECONDS),
    });
  }
  logger().error({ err: error, code: "UNHANDLED_ROUTE_ERROR", path });
  return json(errorBody({ code: "INTERNAL_ERROR", message: "Something went wrong on our side" }), 500);
}

/** A public route: only error mapping. */
export function withErrors<P extends Params = Params>(
  handler: (req: Request, params: P) => Promise<Response>,
) {
  return async (req: Request, ctx: RouteContext<P>): Promise<Response> => {
    try {
      return await handler(req, await ctx.params);
    } catch (error) {
      return errorResponse(error, new URL(req.url).pathname);
    }
  };
}

type Authed<P, C = Caller> = (req: Request, args: { caller: C; params: P }) => Promise<Response>;

/** What admission reads of a Web request. */
const headOf = (req: Request): RequestHead => ({ method: req.method, header: (name) => req.headers.get(name) });

/** A route guarded by its line of lib/api/route-access.ts (admitCaller, lib/api/admission.ts). */
export function withAccess<P extends Params = Params>(route: GuardedRoute, handler: Authed<P>) {
  return withErrors<P>(async (req, params) => handler(req, { caller: await admitCaller(route, headOf(req), params), params }));
}

/** `withAccess` for a route whose permission also admits internal services (INTERNAL_API_SECRET). */
export function withAccessOrInternal<P extends Params = Params>(route: GuardedRoute, handler: Authed<P, Caller | "internal">) {
  return withErrors<P>(async (req, params) => handler(req, { caller: await admitCallerOrInternal(route, headOf(req), params), params }));
}

/** The most a JSON body may weigh; larger ones get 413 before any parsing. */
export const MAX_BODY_BYTES = 64 * 1024;

export const tooLarge = () => new DomainError("too-large", "PAYLOAD_TOO_LARGE", `Body exceeds ${MAX_BODY_BYTES} bytes`);

/**
 * Reads the raw body text with the size limit applied as it arrives: a declared length over
 * the limit is refused before reading, and a chunked body is cut off at the first byte
 * past it, so an oversized body is never held in memory whole.
 */
export async function readBodyText(req: Request): Promise<string> {
  if (Number(req.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    if (size > MAX_BODY_BYTES) {
      // Not awaited: a cloned request's body is a tee, whose cancel settles only once the
      // other copy is cancelled too; the answer must not wait for that.
      reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses a JSON body against a schema; 400 naming the field when it does not fit. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, text?: string): Promise<z.output<S>> {
  return parseJson(text ?? (await readBodyText(req)), schema);
}

/** Parses body text as JSON against a schema (an empty body is `{}`); 400 naming the field. */
export function parseJson<S extends z.ZodType>(raw: string, schema: S): z.output<S> {
  let value: unknown;
  try {
    value = raw.trim() === "" ? {} : JSON.parse(raw);
  } catch {
    throw invalid("body", "not valid JSON", { code: "INVALID_JSON" });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}

/** Parses the query string against a schema; 400 naming the parameter. */
export function readQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  // `?cursor=&limit=` means "not given", as a form would send it.
  const params = Object.fromEntries([...new URL(req.url).searchParams].filter(([, value]) => value !== ""));
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}
