import { config } from "./config";
import { isDatabaseUnavailable } from "./db/errors";
import { expireDueHolds, warnExpiringHolds } from "./domain/holds";
import { processDuePayouts } from "./domain/payouts";
import { retentionStep } from "./domain/retention";
import { logger } from "./logger";

/**
 * Time-driven work in the server process: hold warnings and expiries, payout steps, and
 * the retention clean-up (every RETENTION_INTERVAL_MS, in bounded batches).
 * It keeps no state of its own (everything due is read from the database), so a restart
 * simply catches up. Ticks never overlap.
 */
export function startScheduler(intervalMs = config().schedulerIntervalMs): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let stopped = false;
  let databaseDown = false; // logged once per outage, not once per tick
  const retention = retentionStep();

  async function tick() {
    const now = new Date();
    for (const [name, job] of [
      ["hold-warnings", () => warnExpiringHolds(now)],
      ["hold-expiry", () => expireDueHolds(now)],
      ["payouts", () => processDuePayouts(now)],
      ["retention", () => retention(now)],
    ] as const) {
      try {
        const count = await job();
        if (count > 0) logger().debug({ job: name, count }, "scheduler job ran");
        if (databaseDown) logger().info({ code: "SCHEDULER_DB_BACK" }, "database reachable again; catching up");
        databaseDown = false;
      } catch (error) {
        if (!isDatabaseUnavailable(error)) {
          logger().error({ err: error, code: "SCHEDULER_JOB_FAILED", job: name });
        } else if (!databaseDown) {
          databaseDown = true;
          logger().warn({ code: "SCHEDULER_DB_UNAVAILABLE", job: name }, "database unreachable; will retry");
        }
      }
    }
  }

  const timer = setInterval(() => {
    if (running || stopped) return;
    running = tick().finally(() => {
      running = null;
    });
  }, intervalMs);
  timer.unref();

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
