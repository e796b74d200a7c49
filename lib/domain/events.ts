import type { Database as SqliteDatabase } from "better-sqlite3";
import { db, prepared, sqliteDate, type Tx } from "../db/client";
import { config } from "../config";

/** What every server-to-client event carries: the contract's envelope. */
export type Envelope<T = unknown> = { eventId: number | null; type: string; ts: string; data: T };

export type PendingEvent = { type: string; data: unknown; targets: string[] };
/**
 * An event as written: durable ones also name `prev`, the id of the event before them in the
 * log (0 for the first), so every node can deliver them in id order whichever node wrote them
 * (lib/realtime/delivery-order.ts).
 */
export type RecordedEvent = { envelope: Envelope; targets: string[]; prev?: number };

/** An arbitrary constant naming the event-log lock among PostgreSQL advisory locks. */
const EVENT_LOG_LOCK_KEY = 4_711_002;

/**
 * Writes durable events in the transaction of the change they describe: one multi-row
 * insert for the events and one for all their audience keys, however many events there
 * are. On PostgreSQL a transaction-scoped advisory lock makes id order equal commit order,
 * so a reader that has seen id N can never later find a smaller id committed behind it.
 * (SQLite has one writer at a time already.) The lock is taken last, just before commit,
 * to be held briefly.
 *
 * The statements are SQL rather than Prisma's createMany: Prisma compiles every query to a
 * plan and the cost grows with the rows in it, which made this, the hottest write of the
 * app, cost several times what the database spends on it (docs/performance.md). Dates are
 * bound as Date values, which both adapters store exactly as Prisma's own writes do.
 */
export async function writeEvents(tx: Tx, events: PendingEvent[]): Promise<RecordedEvent[]> {
  if (events.length === 0) return [];
  const postgres = config().databaseProvider === "postgres";
  if (postgres) await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${EVENT_LOG_LOCK_KEY})`);
  // Under the lock (or SQLite's one writer) the newest id now is the one before ours.
  const [{ prev }] = await tx.$queryRawUnsafe<{ prev: number | bigint }[]>(NEWEST_ID_SQL);
  const createdAt = new Date();
  const payloads = events.map((event) => JSON.stringify(event.data));
  const rows: { id: number; type: string; payload: string }[] = [];
  for (const [from, to] of chunks(events.length, EVENT_ROWS_PER_STATEMENT)) {
    const values = events.slice(from, to).flatMap((event, i) => [event.type, payloads[from + i], createdAt]);
    const sql = `INSERT INTO "Event" ("type", "payload", "createdAt") VALUES ${rowPlaceholders(to - from, 3, postgres)} RETURNING "id", "type", "payload"`;
    rows.push(...(await tx.$queryRawUnsafe<{ id: number | bigint; type: string; payload: string }[]>(sql, ...values)).map((row) => ({ ...row, id: Number(row.id) })));
  }
  // A multi-row INSERT numbers its rows in the order they are listed (both databases
  // insert VALUES in order, and nothing else writes the log meanwhile), but RETURNING
  // promises no order. The check keeps that assumption honest: a row out of place fails
  // the transaction instead of addressing one event to another's audience.
  rows.sort((a, b) => a.id - b.id);
  rows.forEach((row, i) => {
    if (row.type !== events[i].type || row.payload !== payloads[i]) throw new Error("Event log: inserted rows came back out of order");
  });
  const ts = createdAt.toISOString();
  const recorded = events.map((event, i) => ({
    envelope: { eventId: rows[i].id, type: event.type, ts, data: event.data },
    targets: [...new Set(event.targets)],
    prev: i === 0 ? Number(prev) : rows[i - 1].id,
  }));
  const targetRows = recorded.flatMap(({ envelope, targets }) => targets.map((target) => [envelope.eventId, target]));
  for (const [from, to] of chunks(targetRows.length, TARGET_ROWS_PER_STATEMENT)) {
    const sql = `INSERT INTO "EventTarget" ("eventId", "target") VALUES ${rowPlaceholders(to - from, 2, postgres)}`;
    await tx.$executeRawUnsafe(sql, ...targetRows.slice(from, to).flat());
  }
  return recorded;
}

/**
 * writeEvents on SQLite's driver directly, in one synchronous transaction of its own, with
 * statements prepared once per connection: what Prisma spends per query (a query plan, a
 * trip through its interpreter and the adapter, a fresh prepare) is most of what a batch of
 * durable events costs, and this write carries every durable trigger. Only on an idle
 * connection (idleSqliteConnection; see recordEvents in lib/domain/transaction.ts).
 */
export function writeEventsNow(sqlite: SqliteDatabase, events: PendingEvent[]): RecordedEvent[] {
  const insertEvent = prepared(sqlite, `INSERT INTO "Event" ("type", "payload", "createdAt") VALUES (?, ?, ?) RETURNING "id"`);
  const insertTarget = prepared(sqlite, `INSERT INTO "EventTarget" ("eventId", "target") VALUES (?, ?)`);
  const newestId = prepared(sqlite, NEWEST_ID_SQL);
  const createdAt = new Date();
  const ts = createdAt.toISOString();
  const stored = sqliteDate(createdAt);
  return sqlite.transaction(() => {
    let prev = Number((newestId.get() as { prev: number | bigint }).prev);
    return events.map((event) => {
      const row = insertEvent.get(event.type, JSON.stringify(event.data), stored) as { id: number | bigint };
      const eventId = Number(row.id);
      const targets = [...new Set(event.targets)];
      for (const target of targets) insertTarget.run(eventId, target);
      const recorded = { envelope: { eventId, type: event.type, ts, data: event.data }, targets, prev };
      prev = eventId;
      return recorded;
    });
  }).immediate();
}

const NEWEST_ID_SQL = `SELECT COALESCE(MAX("id"), 0) AS "prev" FROM "Event"`;

/**
 * The durable events with ids in (after, through], oldest first, each with its audience and
 * `prev`: what a node delivers itself when another node's publication of them did not reach
 * it (lib/realtime/delivery-order.ts). `through` must be an id known committed (a `prev`):
 * ids commit in order, so everything up to it is there. At most `limit`, the oldest.
 */
export async function readEvents(after: number, through: number, limit = 1000): Promise<(RecordedEvent & { prev: number })[]> {
  const rows = await db().event.findMany({
    where: { id: { gt: after, lte: through } },
    orderBy: { id: "asc" },
    take: limit,
    include: { targets: { select: { target: true } } },
  });
  return rows.map((row, i) => ({
    envelope: { eventId: row.id, type: row.type, ts: row.createdAt.toISOString(), data: JSON.parse(row.payload) as unknown },
    targets: row.targets.map((t) => t.target),
    prev: i === 0 ? after : rows[i - 1].id,
  }));
}

// Well under both databases' limits on bound values per statement (SQLite 32,766, PostgreSQL 65,535).
const EVENT_ROWS_PER_STATEMENT = 1000;
const TARGET_ROWS_PER_STATEMENT = 2000;

/** [from, to) index ranges of at most `size` covering `count` items. */
function chunks(count: number, size: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let from = 0; from < count; from += size) ranges.push([from, Math.min(count, from + size)]);
  return ranges;
}

/** "(?, ?), (?, ?)" for SQLite, "($1, $2), ($3, $4)" for PostgreSQL. */
function rowPlaceholders(rows: number, columns: number, postgres: boolean): string {
  let n = 0;
  const row = () => `(${Array.from({ length: columns }, () => (postgres ? `$${++n}` : "?")).join(", ")})`;
  return Array.from({ length: rows }, row).join(", ");
}

/**
 * The event log's epoch (EventLogEpoch, chosen by the migration that created the log), read
 * once per process: ids are cursors only within one log, so clients hold it beside their
 * cursor and start over when it changes (a reset or new database).
 */
export function eventLogEpoch(): Promise<string> {
  const cached = (globalForEpoch.switchboardEventLogEpoch ??= db()
    .eventLogEpoch.findUniqueOrThrow({ where: { id: 1 }, select: { epoch: true } })
    .then((row) => row.epoch));
  // A failed read (the database away) is asked again next time, not kept.
  cached.catch(() => {
    if (globalForEpoch.switchboardEventLogEpoch === cached) globalForEpoch.switchboardEventLogEpoch = undefined;
  });
  return cached;
}
const globalForEpoch = globalThis as unknown as { switchboardEventLogEpoch?: Promise<string> };

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
