import type { Tx } from "../client";
import { insertEvents, prismaRunner, PrismaEventLog, type PendingEvent, type Placeholders, type RecordedEvent } from "./event-log";

/** An arbitrary constant naming the event-log lock among PostgreSQL advisory locks. */
const EVENT_LOG_LOCK_KEY = 4_711_002;

/** "($1, $2), ($3, $4)" */
const placeholders: Placeholders = (rows, columns) => {
  let n = 0;
  return Array.from({ length: rows }, () => `(${Array.from({ length: columns }, () => `$${++n}`).join(", ")})`).join(", ");
};

/**
 * The event log on PostgreSQL, where transactions commit concurrently: a transaction-scoped
 * advisory lock makes id order equal commit order. It is taken last, just before the
 * commit, to be held briefly.
 */
export class PostgresEventLog extends PrismaEventLog {
  async writeIn(tx: Tx, events: PendingEvent[]): Promise<RecordedEvent[]> {
    if (events.length === 0) return [];
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${EVENT_LOG_LOCK_KEY})`);
    return insertEvents(prismaRunner(tx), events, placeholders);
  }

  writeAlone(events: PendingEvent[], underLock: () => void): Promise<RecordedEvent[]> {
    return this.prisma.$transaction(async (tx) => {
      const recorded = await this.writeIn(tx, events);
      underLock();
      return recorded;
    });
  }
}
