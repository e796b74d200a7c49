import { ZodError } from "zod";

/**
 * A failure the caller can act on. Route handlers throw these; the API wrapper turns them
 * into `{"error": {"code", "message", "field"?}}` with the status below.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Extra fields for the caller, beside code and message (e.g. CURSOR_EXPIRED's `cursor`). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const unauthorized = (message = "Sign in or send a bearer token") => new ApiError(401, "UNAUTHORIZED", message);
export const forbidden = (message = "You may not do this") => new ApiError(403, "FORBIDDEN", message);
export const notFound = (what: string) => new ApiError(404, "NOT_FOUND", `${what} not found`);
export const conflict = (code: string, message: string) => new ApiError(409, code, message);
export const invalid = (field: string, message: string) =>
  new ApiError(400, "VALIDATION_ERROR", `${field}: ${message}`, field);

/** The first zod issue as a 400 that names its field (dotted path, "body" for the root). */
export function fromZodError(error: ZodError): ApiError {
  const issue = error.issues[0];
  // An unknown key is named itself, so the caller sees which field to drop.
  const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]] : issue.path;
  const field = path.length ? path.join(".") : "body";
  return invalid(field, issue.message);
}

export type ErrorBody = { error: { code: string; message: string; field?: string; [detail: string]: unknown } };

export function errorBody(error: ApiError): ErrorBody {
  return { error: { ...error.details, code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) } };
}
