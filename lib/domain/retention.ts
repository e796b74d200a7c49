import { config } from "../config";
import { db, inSlices } from "../db/client";
import { logger } from "../logger";
import { eventLog } from "../db/event-log/event-log";
import { credentialLifetimeMs } from "../auth/revocation";

/**
 * The clean-up of what only grows: the event log, closed connection sessions, user
 * activity, and read low-priority notifications, each once older than its configured age;
 * and sign-ins (the profile's device list) once older than any credential lives.
 *
 * It never blocks live traffic: every batch is its own short transaction of at most
 * RETENTION_BATCH_SIZE rows, the event loop gets a turn between batches, and one run does
 * at most MAX_BATCHES_PER_RUN batches per kind; a run that hit that cap is due again at
 * once, so a backlog is worked off over the following scheduler ticks.
 *
 * Catch-up's rule (docs/realtime.md, "Retention"): the event log is trimmed from its oldest
 * end only, in id order, stopping at the first event younger than the age, and the newest
 * event is always kept. What remains is therefore every event after one id, recorded in
 * `EventLogTrim` in the same transaction as each delete; catch-up from a cursor at or
 * after it is complete, and from an older one it is refused with CURSOR_EXPIRED.
 */

export const RETAINED_KINDS = ["events", "sessions", "activity", "notifications", "signIns"] as const;
export type RetainedKind = (typeof RETAINED_KINDS)[number];
export type RemovedCounts = Record<RetainedKind, number>;

const MAX_BATCHES_PER_RUN = 20;

export type RetentionReport = {
  runs: number;
  lastRunAt: string | null;
  lastRemoved: RemovedCounts;
  removedTotal: RemovedCounts;
  /** Catch-up is complete from any cursor at or after this id (0: nothing trimmed yet). */
  eventLogFloor: number;
};

export const zeroRemoved = (): RemovedCounts => ({ events: 0, sessions: 0, activity: 0, notifications: 0, signIns: 0 });

/** What this process's clean-up has done since it started (the stats show it). */
const report: RetentionReport = { runs: 0, lastRunAt: null, lastRemoved: zeroRemoved(), removedTotal: zeroRemoved(), eventLogFloor: 0 };

export function retentionReport(): RetentionReport {
  return structuredClone(report);
}

const yieldToLiveTraffic = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs `remove`'s batches until one comes back short or the run's cap is reached. */
async function inBatches(remove: (batchSize: number) => Promise<number>): Promise<{ removed: number; capped: boolean }> {
  const { batchSize } = config().retention;
  let removed = 0;
  for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
    const count = await remove(batchSize);
    removed += count;
    if (count < batchSize) return { removed, capped: false };
    await yieldToLiveTraffic();
  }
  return { removed, capped: true };
}

/** One batch of the event log's oldest end: the leading run of events older than `before`, never the newest. */
async function trimEventLog(before: Date, batchSize: number): Promise<number> {
  const newest = await eventLog().latestId();
  const oldest = await db().event.findMany({
    where: { id: { lt: newest } },
    orderBy: { id: "asc" },
    take: batchSize,
    select: { id: true, createdAt: true },
  });
  const young = oldest.findIndex((event) => event.createdAt >= before);
  const doomed = (young < 0 ? oldest : oldest.slice(0, young)).map((event) => event.id);
  if (doomed.length === 0) return 0;
  const through = doomed[doomed.length - 1];
  await db().$transaction(async (tx) => {
    // The floor moves first: on SQLite, reads outside this transaction share its connection
    // and see its writes as they happen, and a catch-up must never find the events gone
    // below an old floor (an incomplete page instead of CURSOR_EXPIRED). Two nodes may trim
    // at once: the floor only ever moves up.
    await tx.eventLogTrim.upsert({ where: { id: 1 }, create: { id: 1, throughEventId: through }, update: {} });
    await tx.eventLogTrim.updateMany({ where: { id: 1, throughEventId: { lt: through } }, data: { throughEventId: through } });
    await tx.eventTarget.deleteMany({ where: { eventId: { lte: through } } });
    await tx.event.deleteMany({ where: { id: { lte: through } } });
  });
  // Stopping at a young event leaves the batch short, which ends the run.
  return doomed.length;
}

/** One batch of a table: up to `batchSize` rows that `pick` chooses (oldest first), deleted by id. */
function batchDelete<Id extends string | number>(
  pick: (batchSize: number) => Promise<{ id: Id }[]>,
  remove: (ids: Id[]) => Promise<{ count: number }>,
) {
  return async (batchSize: number) => {
    const ids = (await pick(batchSize)).map((row) => row.id);
    return (await inSlices(ids, remove)).reduce((sum, removed) => sum + removed.count, 0);
  };
}

function cutoffs(now: Date): Record<RetainedKind, Date> {
  // A sign-in older than any credential lives describes nothing still signed in.
  const maxAgeMs = { ...config().retention.maxAgeMs, signIns: credentialLifetimeMs() };
  return Object.fromEntries(RETAINED_KINDS.map((kind) => [kind, new Date(now.getTime() - maxAgeMs[kind])])) as Record<RetainedKind, Date>;
}

/** The event-log floor: catch-up from an older cursor would miss trimmed events. */
export async function eventLogFloor(): Promise<number> {
  return (await db().eventLogTrim.findUnique({ where: { id: 1 }, select: { throughEventId: true } }))?.throughEventId ?? 0;
}

/** One clean-up run. Returns what it removed and whether work is left for another run. */
export async function runRetention(now = new Date()): Promise<{ removed: RemovedCounts; capped: boolean }> {
  const before = cutoffs(now);
  const jobs: Record<RetainedKind, (batchSize: number) => Promise<number>> = {
    events: (batchSize) => trimEventLog(before.events, batchSize),
    sessions: batchDelete(
      (take) =>
        db().connectionSession.findMany({ where: { disconnectedAt: { lt: before.sessions } }, orderBy: { disconnectedAt: "asc" }, take, select: { id: true } }),
      (ids) => db().connectionSession.deleteMany({ where: { id: { in: ids } } }),
    ),
    activity: batchDelete(
      (take) => db().userActivity.findMany({ where: { createdAt: { lt: before.activity } }, orderBy: { id: "asc" }, take, select: { id: true } }),
      (ids) => db().userActivity.deleteMany({ where: { id: { in: ids } } }),
    ),
    notifications: batchDelete(
      (take) =>
        db().notification.findMany({
          where: { priority: "low", readAt: { not: null }, createdAt: { lt: before.notifications } },
          orderBy: { createdAt: "asc" },
          take,
          select: { id: true },
        }),
      (ids) => db().notification.deleteMany({ where: { id: { in: ids } } }),
    ),
    signIns: batchDelete(
      (take) => db().signIn.findMany({ where: { signedInAt: { lt: before.signIns } }, orderBy: { signedInAt: "asc" }, take, select: { id: true } }),
      (ids) => db().signIn.deleteMany({ where: { id: { in: ids } } }),
    ),
  };

  const removed = zeroRemoved();
  let capped = false;
  for (const kind of RETAINED_KINDS) {
    const outcome = await inBatches(jobs[kind]);
    removed[kind] = outcome.removed;
    capped ||= outcome.capped;
  }

  report.runs++;
  report.lastRunAt = now.toISOString();
  report.lastRemoved = removed;
  for (const kind of RETAINED_KINDS) report.removedTotal[kind] += removed[kind];
  report.eventLogFloor = await eventLogFloor();
  const total = RETAINED_KINDS.reduce((sum, kind) => sum + removed[kind], 0);
  logger()[total > 0 ? "info" : "debug"]({ code: "RETENTION_RAN", removed, capped, eventLogFloor: report.eventLogFloor }, "retention clean-up ran");
  return { removed, capped };
}

/**
 * The scheduler's retention step: runs when RETENTION_INTERVAL_MS has passed since the last
 * run, or at once when the last run left work behind. Returns how many rows it removed.
 */
export function retentionStep() {
  let nextRunAt = 0;
  return async (now: Date): Promise<number> => {
    if (now.getTime() < nextRunAt) return 0;
    nextRunAt = now.getTime() + config().retention.intervalMs; // a failed run waits its turn too
    const { removed, capped } = await runRetention(now);
    if (capped) nextRunAt = 0;
    return RETAINED_KINDS.reduce((sum, kind) => sum + removed[kind], 0);
  };
}
