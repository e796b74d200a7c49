import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
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
  return new SqliteClient({ adapter });
}

// One client per process: server.ts and the route handlers Next bundles separately both
// reach it through globalThis, so they share one connection pool.
const globalForDb = globalThis as unknown as { switchboardDb?: Db };

export function db(): Db {
  globalForDb.switchboardDb ??= createClient();
  return globalForDb.switchboardDb;
}

export async function disconnectDb(): Promise<void> {
  await globalForDb.switchboardDb?.$disconnect();
  globalForDb.switchboardDb = undefined;
}
