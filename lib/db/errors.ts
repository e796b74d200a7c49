/**
 * Whether an error means "the database cannot be reached right now" (answer 503 and let
 * the caller retry) rather than a fault in the request or in our code.
 */

const UNREACHABLE_KINDS = new Set([
  "DatabaseNotReachable",
  "DatabaseDoesNotExist",
  "DatabaseAccessDenied",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);

/** Prisma's codes for "can't reach", "timed out", "server closed the connection", "pool timeout". */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1017", "P2024"]);

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception), 53300 (too many connections),
 * 55000 (database not accepting connections), 57P01-57P03 (shutting down, starting up).
 */
const POSTGRES_STATE = /^(08...|53300|55000|57P0[123])$/;

const MESSAGES = /ECONNREFUSED|ECONNRESET|Connection terminated|timeout exceeded when trying to connect|SQLITE_BUSY|SQLITE_CANTOPEN|database is locked/;

type ErrorLike = { name?: string; code?: unknown; message?: unknown; cause?: unknown; kind?: unknown; meta?: { driverAdapterError?: unknown } };

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 4) return false;
  const e = error as ErrorLike;
  if (typeof e.kind === "string") {
    if (UNREACHABLE_KINDS.has(e.kind)) return true;
    if (e.kind === "postgres" && typeof e.code === "string" && POSTGRES_STATE.test(e.code)) return true;
  }
  if (typeof e.code === "string" && PRISMA_CODES.has(e.code)) return true;
  if (typeof e.message === "string" && MESSAGES.test(e.message)) return true;
  // Raw queries ($queryRaw) wrap the driver's error as P2010 and keep it in meta.
  return isDatabaseUnavailable(e.cause, depth + 1) || isDatabaseUnavailable(e.meta?.driverAdapterError, depth + 1);
}
