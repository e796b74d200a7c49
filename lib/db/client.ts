import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client";
import { PrismaClient as PostgresClient } from "../generated/postgres/client";
import type { Prisma } from "../generated/sqlite/client";
import type { Config } from "../config";
import { services } from "../services";
import { SqliteDriver } from "./sqlite-driver";

/**
 * The app is typed against the SQLite client; the PostgreSQL client is generated from the
 * same models (scripts/prisma.mjs), so its API is the same and the cast below is sound.
 */
export type Db = SqliteClient;
export type Tx = Prisma.TransactionClient;

/** The process's database: Prisma, and on SQLite the driver under it (lib/db/sqlite-driver.ts). */
export type Database = { prisma: Db; sqlite: SqliteDriver | null };

/** SQLite waits this long for a lock held by another process before giving up. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** Opens the database the configuration names (lib/compose.ts, once per process). */
export function openDatabase({ databaseUrl, databaseProvider, sqliteSynchronous }: Config): Database {
  if (databaseProvider === "postgres") {
    const adapter = new PrismaPg({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 5000 });
    return { prisma: new PostgresClient({ adapter }) as unknown as Db, sqlite: null };
  }
  const sqlite = new SqliteDriver(new PrismaBetterSQLite3({ url: databaseUrl, timeout: SQLITE_BUSY_TIMEOUT_MS }), `PRAGMA synchronous = ${sqliteSynchronous};`);
  const prisma = new SqliteClient({ adapter: sqlite.factory });
  sqlite.connectPrisma = () => prisma.$connect();
  return { prisma, sqlite };
}

/** The process's Prisma client. */
export function db(): Db {
  return services().database.prisma;
}

/**
 * Prisma refuses a SQLite query that binds more than 999 values (P2029), and splits only
 * its inserts by itself. A query by a list of ids that can be long (a trigger's `to.users`
 * and a catch-up page take 1,000; a retention batch up to 10,000) runs once per slice of
 * this many ids.
 */
const IDS_PER_QUERY = 500;

/** `query` for each slice of `ids` (see IDS_PER_QUERY), one after the other; their results in order. */
export async function inSlices<Id, Result>(ids: Id[], query: (slice: Id[]) => Promise<Result>): Promise<Result[]> {
  const results: Result[] = [];
  for (let from = 0; from < ids.length; from += IDS_PER_QUERY) results.push(await query(ids.slice(from, from + IDS_PER_QUERY)));
  return results;
}
