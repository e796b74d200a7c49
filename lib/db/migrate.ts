import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseProvider, sqliteFilePath } from "./provider";

/**
 * Applies the SQL migrations in prisma/migrations/<provider>/ that the database has not
 * seen yet, in name order, each in its own transaction, and records them in
 * `_switchboard_migrations`. Safe to run from several nodes at once on PostgreSQL (an
 * advisory lock serialises them). Returns the names it applied.
 */
export async function migrate(url: string, migrationsRoot = join(process.cwd(), "prisma/migrations")): Promise<string[]> {
  const provider = databaseProvider(url);
  const dir = join(migrationsRoot, provider);
  const migrations = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
  return provider === "postgres" ? migratePostgres(url, migrations) : migrateSqlite(url, migrations);
}

type Migration = { name: string; sql: string; checksum: string };

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_switchboard_migrations" (
  "name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TEXT NOT NULL)`;

function pending(migrations: Migration[], applied: Map<string, string>): Migration[] {
  for (const [name, checksum] of applied) {
    const file = migrations.find((m) => m.name === name);
    if (file && file.checksum !== checksum) {
      throw new Error(`Migration ${name} was edited after it was applied; write a new migration instead`);
    }
  }
  return migrations.filter((m) => !applied.has(m.name));
}

function migrateSqlite(url: string, migrations: Migration[]): string[] {
  const file = sqliteFilePath(url);
  mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file, { timeout: 5000 });
  try {
    // WAL lets readers work while one writer commits; it is a property of the file.
    sqlite.pragma("journal_mode = WAL");
    sqlite.exec(CREATE_TABLE);
    const rows = sqlite.prepare(`SELECT name, checksum FROM "_switchboard_migrations"`).all() as { name: string; checksum: string }[];
    const todo = pending(migrations, new Map(rows.map((r) => [r.name, r.checksum])));
    for (const m of todo) {
      sqlite.transaction(() => {
        sqlite.exec(m.sql);
        sqlite
          .prepare(`INSERT INTO "_switchboard_migrations" (name, checksum, appliedAt) VALUES (?, ?, ?)`)
          .run(m.name, m.checksum, new Date().toISOString());
      }).immediate();
    }
    return todo.map((m) => m.name);
  } finally {
    sqlite.close();
  }
}

/** An arbitrary constant that names the migration lock among PostgreSQL advisory locks. */
const MIGRATION_LOCK_KEY = 4_711_001;

async function migratePostgres(url: string, migrations: Migration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(CREATE_TABLE);
    const { rows } = await client.query<{ name: string; checksum: string }>(
      `SELECT name, checksum FROM "_switchboard_migrations"`,
    );
    const todo = pending(migrations, new Map(rows.map((r) => [r.name, r.checksum])));
    for (const m of todo) {
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(`INSERT INTO "_switchboard_migrations" (name, checksum, "appliedAt") VALUES ($1, $2, $3)`, [
          m.name,
          m.checksum,
          new Date().toISOString(),
        ]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    }
    return todo.map((m) => m.name);
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
