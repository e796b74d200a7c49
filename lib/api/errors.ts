import { ZodError } from "zod";
import { invalid, type DomainError } from "../domain/errors";

/** The first zod issue as a validation error that names its field (dotted path, "body" for the root). */
export function fromZodError(error: ZodError): DomainError {
  const issue = error.issues[0];
  // An unknown key is named itself, so the caller sees which field to drop.
  const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]] : issue.path;
  const field = path.length ? path.join(".") : "body";
  return invalid(field, issue.message);
}

export type ErrorBody = { error: { code: string; message: string; field?: string; [detail: string]: unknown } };

/** The contract's error shape: `{"error": {"code", "message", "field"?, ...details}}`. */
export function errorBody(error: Pick<DomainError, "code" | "message" | "field" | "details">): ErrorBody {
  return { error: { ...error.details, code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) } };
}
