import { db, type Tx } from "../db/client";
import { config } from "../config";

/** What every server-to-client event carries: the contract's envelope. */
export type Envelope<T = unknown> = { eventId: number | null; type: string; ts: string; data: T };

export type PendingEvent = { type: string; data: unknown; targets: string[] };
export type RecordedEvent = { envelope: Envelope; targets: string[] };

/** An arbitrary constant naming the event-log lock among PostgreSQL advisory locks. */
const EVENT_LOG_LOCK_KEY = 4_711_002;

/**
 * Writes durable events in the transaction of the change they describe: two statements
 * however many events there are (the events, then all their audience keys). On PostgreSQL a
 * transaction-scoped advisory lock makes id order equal commit order, so a reader that has
 * seen id N can never later find a smaller id committed behind it. (SQLite has one writer
 * at a time already.) The lock is taken last, just before commit, to be held briefly.
 */
export async function writeEvents(tx: Tx, events: PendingEvent[]): Promise<RecordedEvent[]> {
  if (events.length === 0) return [];
  if (config().databaseProvider === "postgres") {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${EVENT_LOG_LOCK_KEY})`);
  }
  const payloads = events.map((event) => JSON.stringify(event.data));
  const rows = await tx.event.createManyAndReturn({
    data: events.map((event, i) => ({ type: event.type, payload: payloads[i] })),
    select: { id: true, type: true, payload: true, createdAt: true },
  });
  // One multi-row INSERT numbers its rows in the order they are listed (both databases
  // insert VALUES in order, and nothing else writes the log meanwhile). The check keeps
  // that assumption honest: a row out of place fails the transaction instead of
  // addressing one event to another's audience.
  rows.sort((a, b) => a.id - b.id);
  rows.forEach((row, i) => {
    if (row.type !== events[i].type || row.payload !== payloads[i]) throw new Error("Event log: inserted rows came back out of order");
  });
  const recorded = events.map((event, i) => ({
    envelope: { eventId: rows[i].id, type: rows[i].type, ts: rows[i].createdAt.toISOString(), data: event.data },
    targets: [...new Set(event.targets)],
  }));
  await tx.eventTarget.createMany({ data: recorded.flatMap(({ envelope, targets }) => targets.map((target) => ({ eventId: envelope.eventId, target }))) });
  return recorded;
}

/** The newest durable event id, the cursor a client starts from. */
export async function latestEventId(tx: Pick<Tx, "event">): Promise<number> {
  const last = await tx.event.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  return last?.id ?? 0;
}

/**
 * How long the newest id read from the database serves as the cursor before it is read
 * again. Events this process commits move it forward at once (`noteCommitted`); only those
 * written elsewhere (another node, a script) wait for the next read.
 */
const CURSOR_REFRESH_MS = 1000;

type CursorCache = { id: number; readAt: number; reading: Promise<number> | null };
// Route handlers (bundled by Next) and server.ts share one cache through globalThis.
const globalForCursor = globalThis as unknown as { switchboardEventCursor?: CursorCache };
const cursorCache = () => (globalForCursor.switchboardEventCursor ??= { id: 0, readAt: 0, reading: null });

/** Moves the cached cursor past events that have just committed. */
export function noteCommitted(events: RecordedEvent[]): void {
  const cache = cursorCache();
  for (const { envelope } of events) if (envelope.eventId !== null && envelope.eventId > cache.id) cache.id = envelope.eventId;
}

/**
 * The cursor a connecting socket starts from, without a query per handshake: the newest
 * committed id this process knows, read again from the database at most once a second. It
 * may trail the true newest id (by events written elsewhere within that second), never
 * lead it, so a client starting from it can miss nothing; at worst it is offered a few
 * events again, which it drops by id.
 */
export async function eventLogCursor(): Promise<number> {
  const cache = cursorCache();
  if (Date.now() - cache.readAt < CURSOR_REFRESH_MS) return cache.id;
  cache.reading ??= latestEventId(db())
    .then((id) => {
      cache.id = Math.max(cache.id, id);
      cache.readAt = Date.now();
      return cache.id;
    })
    .finally(() => (cache.reading = null));
  return cache.reading;
}
