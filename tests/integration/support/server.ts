import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { GENEROUS_LIMITS } from "../../generous-limits";

/**
 * Starts the real Switchboard server (server.ts, production build, real port) on a fresh
 * database of its own, SQLite or PostgreSQL, with the demo data seeded.
 */

export type DatabaseKind = "sqlite" | "postgres";
export const DATABASES: DatabaseKind[] = ["sqlite", "postgres"];

/** The PostgreSQL server the tests create their databases in (CI starts it). */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export const TEST_SECRETS = {
  NEXTAUTH_SECRET: "test-nextauth-secret-of-32-characters",
  INTERNAL_API_SECRET: "test-internal-secret-of-32-characters",
  WEBHOOK_SECRET: "test-webhook-secret-of-32-characters",
};

export type TestServer = {
  url: string;
  kind: DatabaseKind;
  /** Runs SQL against the server's database (to assert what it holds, or to age a row). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Stops the server process (SIGTERM, a graceful stop), keeping its database. */
  halt(): Promise<void>;
  /** Kills the server process at once (SIGKILL, as a crash or the OOM killer would), keeping its database. */
  kill(): Promise<void>;
  /** Whether the server process is running (false once it exited, by itself or by `halt`). */
  running(): boolean;
  /** Starts the server process again on the same port and database. */
  resume(): Promise<void>;
  /** Stops the server and drops its database. */
  stop(): Promise<void>;
  /** Everything the server process has written to stdout and stderr, over all its starts. */
  logs(): string;
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export type TestDatabase = Awaited<ReturnType<typeof createDatabase>>;

/**
 * A fresh database of its own, for one server or for several nodes sharing it; on
 * PostgreSQL, in the server at `adminUrl` (a test's own, one it may stop, or the shared one).
 */
export async function createDatabase(kind: DatabaseKind, adminUrl = POSTGRES_ADMIN_URL) {
  if (kind === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "switchboard-test-"));
    const file = join(dir, "test.db");
    return {
      kind,
      url: `file:${file}`,
      async query<T>(sql: string, params: unknown[] = []) {
        const db = new Database(file, { timeout: 5000 });
        try {
          const statement = db.prepare(sql.replace(/\$\d+/g, "?"));
          return (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as T[];
        } finally {
          db.close();
        }
      },
      async drop() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `switchboard_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`PostgreSQL is needed for these tests at ${adminUrl}: ${(error as Error).message}`);
  }
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on("error", () => undefined); // an idle connection closed by a test that stops the database
  return {
    kind,
    url,
    async query<T>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params)).rows as T[];
    },
    async drop() {
      await pool.end();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Resolves when the server logs that it listens; rejects if it exits first. */
function whenReady(child: ChildProcess, output: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (chunk.toString().includes('"SERVER_STARTED"')) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.once("exit", (code) => reject(new Error(`server exited with ${code} before it was ready:\n${output.join("")}`)));
  });
}

/**
 * @param options.postgresAdminUrl a PostgreSQL server of the test's own to create the database
 *   in (one it may stop), instead of the shared one.
 */
export async function startServer(
  kind: DatabaseKind,
  env: Record<string, string> = {},
  options: { postgresAdminUrl?: string } = {},
): Promise<TestServer> {
  const database = await createDatabase(kind, options.postgresAdminUrl);
  const server = await startServerOn(database, env);
  return {
    ...server,
    async stop() {
      await server.halt();
      await database.drop();
    },
  };
}

/**
 * Starts a server on an existing database: one node of several that share it. Its `stop`
 * stops the process only; the database belongs to whoever created it.
 */
export async function startServerOn(database: TestDatabase, env: Record<string, string> = {}): Promise<TestServer> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const output: string[] = [];

  async function launch() {
    // Node itself with tsx's loader (not the tsx CLI, which would run the server in a child
    // process of its own): the pid we signal is the server's, so SIGKILL kills it.
    child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
      cwd: process.cwd(),
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        ...TEST_SECRETS,
        NODE_ENV: "production",
        PORT: String(port),
        HOSTNAME: "127.0.0.1",
        DATABASE_URL: database.url,
        SEED_DEMO: "1",
        ALLOW_DEMO_IN_PRODUCTION: "1",
        ...GENEROUS_LIMITS,
        LOG_LEVEL: "info",
        NEXT_TELEMETRY_DISABLED: "1",
        ...env,
      },
    });
    await whenReady(child, output);
  }

  async function end(signal: NodeJS.Signals) {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill(signal);
    await exited;
  }

  await launch();
  return {
    url: `http://127.0.0.1:${port}`,
    kind: database.kind,
    query: database.query,
    halt: () => end("SIGTERM"),
    kill: () => end("SIGKILL"),
    logs: () => output.join(""),
    resume: launch,
    running: () => child !== null && child.exitCode === null && child.signalCode === null,
    stop: () => end("SIGTERM"),
  };
}
