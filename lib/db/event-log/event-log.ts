import type { Envelope } from "../../realtime/protocol";
import { services } from "../../services";
import type { Db, Tx } from "../client";
import type { SqlRunner, SqlValue } from "../sqlite-driver";

export type PendingEvent = { type: string; data: unknown; targets: string[] };
/**
 * An event as written: durable ones also name `prev`, the id of the event before them in the
 * log (0 for the first), so every node can deliver them in id order whichever node wrote them
 * (lib/realtime/delivery-order.ts).
 */
export type RecordedEvent = { envelope: Envelope; targets: string[]; prev?: number };

/**
 * The durable event log: every event a client may have to catch up on, with the audience
 * keys it went to. One implementation per database (./sqlite.ts, ./postgres.ts), chosen once
 * when the process composes its services (lib/compose.ts).
 */
export interface EventLog {
  /**
   * Writes `events` in `tx`, the transaction of the change they describe, and holds the
   * log until that commits: ids are given in commit order, so a reader that has seen id N
   * can never later find a smaller id committed behind it.
   */
  writeIn(tx: Tx, events: PendingEvent[]): Promise<RecordedEvent[]>;
  /**
   * Writes events that change nothing else (triggers), in a transaction of their own on the
   * cheapest path the database has. `underLock` runs after the write and before the commit.
   */
  writeAlone(events: PendingEvent[], underLock: () => void): Promise<RecordedEvent[]>;
  /**
   * The events with ids in (after, through], oldest first, each with its audience and `prev`:
   * what a node delivers itself when another node's publication of them did not reach it.
   * `through` must be an id known committed (a `prev`). At most `limit`, the oldest.
   */
  read(after: number, through: number, limit?: number): Promise<(RecordedEvent & { prev: number })[]>;
  /** The newest id in the database. */
  latestId(): Promise<number>;
  /**
   * The log's epoch (EventLogEpoch, chosen by the migration that created the log): ids are
   * cursors only within one log, so clients hold it beside their cursor and start over when
   * it changes (a reset or new database).
   */
  epoch(): Promise<string>;
  /**
   * The cursor a connecting socket starts from, without a query per handshake: the newest
   * committed id this process knows, read again at most once a second. It may trail the
   * true newest id (by events written elsewhere within that second), never lead it, so a
   * client starting from it can miss nothing; at worst it is offered a few events again,
   * which it drops by id.
   */
  cursor(): Promise<number>;
  /** Moves the cursor past events that have just committed. */
  noteCommitted(events: RecordedEvent[]): void;
}

/** The process's event log. */
export function eventLog(): EventLog {
  return services().eventLog;
}

/** How long the newest id read from the database serves as `cursor` before it is read again. */
const CURSOR_REFRESH_MS = 1000;

/** What both databases do alike: reading the log, its epoch and the cursor, through Prisma. */
export abstract class PrismaEventLog implements EventLog {
  private cached = { id: 0, readAt: 0, reading: null as Promise<number> | null };
  private epochRead: Promise<string> | undefined;

  constructor(protected readonly prisma: Db) {}

  abstract writeIn(tx: Tx, events: PendingEvent[]): Promise<RecordedEvent[]>;
  abstract writeAlone(events: PendingEvent[], underLock: () => void): Promise<RecordedEvent[]>;

  async read(after: number, through: number, limit = 1000): Promise<(RecordedEvent & { prev: number })[]> {
    const rows = await this.prisma.event.findMany({
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

  async latestId(): Promise<number> {
    const last = await this.prisma.event.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
    return last?.id ?? 0;
  }

  epoch(): Promise<string> {
    const reading = (this.epochRead ??= this.prisma.eventLogEpoch.findUniqueOrThrow({ where: { id: 1 }, select: { epoch: true } }).then((row) => row.epoch));
    // A failed read (the database away) is asked again next time, not kept.
    reading.catch(() => {
      if (this.epochRead === reading) this.epochRead = undefined;
    });
    return reading;
  }

  async cursor(): Promise<number> {
    const cache = this.cached;
    if (Date.now() - cache.readAt < CURSOR_REFRESH_MS) return cache.id;
    cache.reading ??= this.latestId()
      .then((id) => {
        cache.id = Math.max(cache.id, id);
        cache.readAt = Date.now();
        return cache.id;
      })
      .finally(() => (cache.reading = null));
    return cache.reading;
  }

  noteCommitted(events: RecordedEvent[]): void {
    for (const { envelope } of events) if (envelope.eventId !== null && envelope.eventId > this.cached.id) this.cached.id = envelope.eventId;
  }
}

/** A Prisma transaction as a SqlRunner, so one write serves both of a database's paths. */
export function prismaRunner(tx: Tx): SqlRunner {
  return {
    all: (sql, args = []) => tx.$queryRawUnsafe(sql, ...args),
    run: (sql, args = []) => tx.$executeRawUnsafe(sql, ...args),
  };
}

// Well under both databases' limits on bound values per statement (SQLite 32,766, PostgreSQL 65,535).
const EVENT_ROWS_PER_STATEMENT = 1000;
const TARGET_ROWS_PER_STATEMENT = 2000;

/**
 * Inserts the events and their audience keys: one multi-row insert for the events and one
 * for all their keys, however many events there are (per statement limit). Call under the
 * log's lock. The statements are SQL rather than Prisma's createMany: Prisma compiles every
 * query to a plan whose cost grows with its rows, which made this, the hottest write of the
 * app, cost several times what the database spends on it (docs/performance.md).
 */
export async function insertEvents(sql: SqlRunner, events: PendingEvent[], placeholders: Placeholders): Promise<RecordedEvent[]> {
  if (events.length === 0) return [];
  // Under the lock (or SQLite's one writer) the newest id now is the one before ours.
  const [{ prev }] = await sql.all(`SELECT COALESCE(MAX("id"), 0) AS "prev" FROM "Event"`);
  const createdAt = new Date();
  const payloads = events.map((event) => JSON.stringify(event.data));
  const rows: { id: number; type: string; payload: string }[] = [];
  for (const [from, to] of chunks(events.length, EVENT_ROWS_PER_STATEMENT)) {
    const values = events.slice(from, to).flatMap((event, i): SqlValue[] => [event.type, payloads[from + i], createdAt]);
    const inserted = await sql.all(`INSERT INTO "Event" ("type", "payload", "createdAt") VALUES ${placeholders(to - from, 3)} RETURNING "id", "type", "payload"`, values);
    rows.push(...inserted.map((row) => ({ id: Number(row.id), type: String(row.type), payload: String(row.payload) })));
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
  const targetRows = recorded.flatMap(({ envelope, targets }) => targets.map((target): SqlValue[] => [envelope.eventId, target]));
  for (const [from, to] of chunks(targetRows.length, TARGET_ROWS_PER_STATEMENT)) {
    await sql.run(`INSERT INTO "EventTarget" ("eventId", "target") VALUES ${placeholders(to - from, 2)}`, targetRows.slice(from, to).flat());
  }
  return recorded;
}

/** The placeholders of a multi-row VALUES list: `rows` rows of `columns` each. */
export type Placeholders = (rows: number, columns: number) => string;

/** [from, to) index ranges of at most `size` covering `count` items. */
function chunks(count: number, size: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let from = 0; from < count; from += size) ranges.push([from, Math.min(count, from + size)]);
  return ranges;
}
