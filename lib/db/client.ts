import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client";
import { PrismaClient as PostgresClient } from "../generated/postgres/client";
import type { Prisma } from "../generated/sqlite/client";
import { config } from "../config";

/**
 * The app is typed against the SQLite client; the PostgreSQL client is generated from the
 * same models (scripts/prisma.mjs), so its API is the same and the cast below is sound.
 */
export type Db = SqliteClient;
export type Tx = Prisma.TransactionClient;

/** SQLite waits this long for a lock held by another writer before giving up. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

function createClient(): Db {
  const { databaseUrl, databaseProvider } = config();
  if (databaseProvider === "postgres") {
    const adapter = new PrismaPg({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 5000 });
    return new PostgresClient({ adapter }) as unknown as Db;
  }
  const adapter = new PrismaBetterSQLite3({ url: databaseUrl, timeout: SQLITE_BUSY_TIMEOUT_MS });
  const connect = adapter.connect.bind(adapter);
  adapter.connect = async () => {
    const connected = await connect();
    // The adapter keeps its better-sqlite3 connection as `client` (not in its types; the version is pinned).
    const driver = (connected as unknown as { client?: unknown }).client;
    if (!(driver instanceof Database)) throw new Error("@prisma/adapter-better-sqlite3 no longer keeps its connection as `client`: see lib/db/client.ts");
    driver.pragma(`synchronous = ${config().sqliteSynchronous}`);
    globalForDb.switchboardSqlite = driver;
    return connected;
  };
  return new SqliteClient({ adapter });
}

// One client per process: server.ts and the route handlers Next bundles separately both
// reach it through globalThis, so they share one connection pool.
const globalForDb = globalThis as unknown as { switchboardDb?: Db; switchboardSqlite?: Database.Database };

/**
 * The one SQLite connection Prisma's adapter writes through, for the hottest writes only
 * (the event log's, lib/domain/transaction.ts recordEvents; session rows,
 * lib/realtime/presence.ts): better-sqlite3 is synchronous, so statements run on it between
 * two of Prisma's turns share Prisma's connection, and a transaction begun and committed
 * in one turn cannot interleave with anything. Undefined on PostgreSQL, before Prisma's
 * first query, and while a transaction is open on the connection (a Prisma interactive
 * transaction between two of its queries): those writes then go through Prisma.
 */
export function idleSqliteConnection(): Database.Database | undefined {
  const sqlite = globalForDb.switchboardSqlite;
  return sqlite?.open && !sqlite.inTransaction ? sqlite : undefined;
}

const statementsByConnection = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** `sql` prepared once per connection: a fresh prepare is a good share of a small write's cost. */
export function prepared(sqlite: Database.Database, sql: string): Database.Statement {
  let statements = statementsByConnection.get(sqlite);
  if (!statements) statementsByConnection.set(sqlite, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = sqlite.prepare(sql)));
  return statement;
}

/** A date as Prisma's SQLite adapter stores a DateTime (ISO 8601 with an explicit +00:00), so both writers' rows read alike. */
export function sqliteDate(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

export function db(): Db {
  globalForDb.switchboardDb ??= createClient();
  return globalForDb.switchboardDb;
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

export async function disconnectDb(): Promise<void> {
  await globalForDb.switchboardDb?.$disconnect();
  globalForDb.switchboardDb = undefined;
  globalForDb.switchboardSqlite = undefined;
}
