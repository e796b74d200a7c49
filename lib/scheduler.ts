import { config } from "./config";
import { db } from "./db/client";
import { isDatabaseUnavailable } from "./db/errors";
import { releaseDueEscrow } from "./domain/escrow";
import { expireDueHolds, warnExpiringHolds } from "./domain/holds";
import { retentionStep } from "./domain/retention";
import { logger } from "./logger";
import { paymentProcessor } from "./payments/processor";

/** An arbitrary constant naming the scheduler's lock among PostgreSQL advisory locks (see lib/db/event-log/postgres.ts). */
const SCHEDULER_LOCK_KEY = 4_711_003;
/** Longest a tick may hold the lock; past it the lock lapses and another node may start. */
const TICK_LEASE_MS = 60_000;

/**
 * Runs `work` unless another node is already running a tick. On PostgreSQL every node shares
 * the database, so a tick takes a transaction-scoped advisory lock and runs the jobs while
 * the transaction stays open; a node that does not get it skips the tick. The lock goes
 * with the transaction, so a node that dies mid-tick frees it at once. The jobs' own
 * conditional updates still make each step happen once even if two ticks did overlap.
 * SQLite serves one node only: no lock.
 */
async function aloneInCluster(work: () => Promise<void>): Promise<void> {
  if (config().databaseProvider !== "postgres") return work();
  await db().$transaction(
    async (tx) => {
      const [{ locked }] = await tx.$queryRawUnsafe<{ locked: boolean }[]>(`SELECT pg_try_advisory_xact_lock(${SCHEDULER_LOCK_KEY}) AS locked`);
      if (locked) await work();
    },
    { maxWait: 5000, timeout: TICK_LEASE_MS },
  );
}

/**
 * Time-driven work in the server process: hold warnings and expiries, escrow whose dispute
 * window ended, the payment processor's own work (the simulated one's confirmations and
 * payout steps), and the retention clean-up (every RETENTION_INTERVAL_MS, in bounded batches).
 * It keeps no state of its own (everything due is read from the database), so a restart
 * simply catches up. Ticks never overlap, on one node or across nodes.
 */
export function startScheduler(intervalMs = config().schedulerIntervalMs): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let stopped = false;
  let databaseDown = false; // logged once per outage, not once per tick
  const retention = retentionStep();

  function databaseUnreachable(job: string) {
    if (databaseDown) return;
    databaseDown = true;
    logger().warn({ code: "SCHEDULER_DB_UNAVAILABLE", job }, "database unreachable; will retry");
  }

  async function runJobs() {
    const now = new Date();
    for (const [name, job] of [
      ["hold-warnings", () => warnExpiringHolds(now)],
      ["hold-expiry", () => expireDueHolds(now)],
      ["escrow-release", () => releaseDueEscrow(now)],
      ["payment-processor", () => paymentProcessor().tick(now)],
      ["retention", () => retention(now)],
    ] as const) {
      try {
        const count = await job();
        if (count > 0) logger().debug({ job: name, count }, "scheduler job ran");
        if (databaseDown) logger().info({ code: "SCHEDULER_DB_BACK" }, "database reachable again; catching up");
        databaseDown = false;
      } catch (error) {
        if (isDatabaseUnavailable(error)) databaseUnreachable(name);
        else logger().error({ err: error, code: "SCHEDULER_JOB_FAILED", job: name });
      }
    }
  }

  async function tick() {
    try {
      await aloneInCluster(runJobs);
    } catch (error) {
      if (isDatabaseUnavailable(error)) databaseUnreachable("lock");
      else logger().error({ err: error, code: "SCHEDULER_LOCK_FAILED" });
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
