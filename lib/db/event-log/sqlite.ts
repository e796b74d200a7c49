import type { Db, Tx } from "../client";
import type { SqliteDriver } from "../sqlite-driver";
import { insertEvents, prismaRunner, PrismaEventLog, type PendingEvent, type Placeholders, type RecordedEvent } from "./event-log";

/** "(?, ?), (?, ?)" */
const placeholders: Placeholders = (rows, columns) => Array.from({ length: rows }, () => `(${Array(columns).fill("?").join(", ")})`).join(", ");

/**
 * The event log on SQLite, which has one writer at a time: ids follow commit order by
 * themselves. Triggers are written on Prisma's driver adapter directly (lib/db/sqlite-driver.ts),
 * a fraction of their cost through Prisma's query engine.
 */
export class SqliteEventLog extends PrismaEventLog {
  constructor(
    prisma: Db,
    private readonly driver: SqliteDriver,
  ) {
    super(prisma);
  }

  writeIn(tx: Tx, events: PendingEvent[]): Promise<RecordedEvent[]> {
    return insertEvents(prismaRunner(tx), events, placeholders);
  }

  writeAlone(events: PendingEvent[], underLock: () => void): Promise<RecordedEvent[]> {
    return this.driver.transaction(async (sql) => {
      const recorded = await insertEvents(sql, events, placeholders);
      underLock();
      return recorded;
    });
  }
}
