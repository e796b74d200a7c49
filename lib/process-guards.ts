import type { Logger } from "pino";
import { isDatabaseUnavailable } from "./db/errors";

/**
 * What the server process does with an error nobody caught (docs/resilience.md):
 *
 * - A rejected promise nobody awaited (such as a Redis command the adapter fired and
 *   forgot, cut off by an outage) is logged and the server keeps serving: the work that
 *   failed is over, and nothing else is left half-done by it (Node's default would
 *   stop the process, dropping every socket for one lost write).
 * - A thrown exception that means "the database is away" (a driver's connection error
 *   surfacing as an event) is logged and the server keeps serving; requests get 503 until
 *   the database returns.
 * - Any other thrown exception leaves the process in a state nobody can vouch for: it is
 *   logged as fatal and the process exits, so the supervisor starts a clean one and
 *   clients reconnect and catch up.
 */
export function installProcessGuards(log: Logger): void {
  process.on("unhandledRejection", (reason) => {
    log.error({ err: reason, code: "UNHANDLED_REJECTION", dbUnavailable: isDatabaseUnavailable(reason) }, "a promise failed unobserved; still serving");
  });
  process.on("uncaughtException", (error) => {
    if (isDatabaseUnavailable(error)) {
      log.error({ err: error, code: "UNCAUGHT_DB_ERROR" }, "the database connection failed outside a request; still serving");
      return;
    }
    log.fatal({ err: error, code: "UNCAUGHT_EXCEPTION" }, "unexpected exception; exiting so a clean process takes over");
    process.exit(1);
  });
}
