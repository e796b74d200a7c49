/**
 * The servers a run compares, driven through the same HTTP routes: Switchboard's
 * production server on a fresh SQLite or PostgreSQL database, and the bare Socket.IO
 * baseline (bench/baseline-server.ts); and for the two-node stage, two Switchboard nodes on
 * one PostgreSQL database and one Redis. Also the bench's accounts and their tokens.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { issueApiToken } from "../lib/auth/token";
import SERVER_NODE_FLAGS from "../deploy/server-node-flags.json";
import { DEMO_PASSWORD } from "../lib/db/seed";
import { GENEROUS_LIMITS } from "../tests/generous-limits";
import { forgetPrefix } from "../tests/integration/support/redis-keys";
import { createDatabase, type DatabaseKind } from "../tests/integration/support/server";
import type { BenchClient, BenchProvider } from "./clients";
import { sleep } from "./concurrency";

export type TargetName = "baseline" | "switchboard" | "switchboard on PostgreSQL" | "node A" | "node B";

export type Target = {
  name: TargetName;
  url: string;
  /** `Authorization` values: the internal secret (trigger, metrics) and the admin's token (announcements). */
  internalAuth: string;
  adminAuth: string;
  /** Asks the server for a full garbage collection (bench/collect-garbage.ts). */
  collectGarbage(): void;
  stop(): Promise<void>;
};

/** Fixed secrets of the bench's own server; never used anywhere else. */
const BENCH_SECRETS = {
  NEXTAUTH_SECRET: "bench-nextauth-secret-of-32-characters",
  INTERNAL_API_SECRET: "bench-internal-secret-of-32-characters",
  WEBHOOK_SECRET: "bench-webhook-secret-of-32-characters",
};
const ROOT = fileURLToPath(new URL("..", import.meta.url));
/**
 * Whose server.ts Switchboard's targets run: this checkout's, or BENCH_APP_DIR's (another
 * worktree with its own build), so one bench measures an older commit's server too.
 */
export const APP_DIR = process.env.BENCH_APP_DIR ? resolve(process.env.BENCH_APP_DIR) : ROOT;
const PORTS = { first: 3400, last: 3499 };

/**
 * `count` CLIENT accounts (`bench-000001`...) with tokens signed exactly as POST /api/token
 * signs them, by the same function, under the bench's secret.
 */
export async function benchClients(count: number): Promise<BenchClient[]> {
  process.env.NEXTAUTH_SECRET = BENCH_SECRETS.NEXTAUTH_SECRET; // read by config() on its first use, here
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const userId = `bench-${String(i + 1).padStart(6, "0")}`;
      const caller = { id: userId, email: `${userId}@bench.test`, name: `Bench ${i + 1}`, role: "CLIENT" as const };
      return { userId, token: await issueApiToken(caller, { signedInAt: Date.now() }, 6 * 3600) };
    }),
  );
}

/**
 * `count` PROVIDER accounts (`bench-provider-01`...), each with one service of a capacity no
 * run exhausts (`bench-service-01`...), so the booking stages never meet NO_AVAILABILITY.
 */
export async function benchProviders(count: number): Promise<BenchProvider[]> {
  process.env.NEXTAUTH_SECRET = BENCH_SECRETS.NEXTAUTH_SECRET;
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const n = String(i + 1).padStart(2, "0");
      const userId = `bench-provider-${n}`;
      const caller = { id: userId, email: `${userId}@bench.test`, name: `Bench provider ${i + 1}`, role: "PROVIDER" as const };
      return { userId, token: await issueApiToken(caller, { signedInAt: Date.now() }, 6 * 3600), serviceId: `bench-service-${n}` };
    }),
  );
}

export async function startBaseline(): Promise<Target> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = await launch("bench/baseline-server.ts", { ...process.env, PORT: String(port) }, url);
  return { name: "baseline", url, internalAuth: "none", adminAuth: "none", collectGarbage: () => child.kill("SIGUSR2"), stop: () => halt(child) };
}

/**
 * The production server (built first when there is no build) on a fresh database of
 * `kind` holding the bench's accounts and its providers' services.
 */
export async function startSwitchboard(clients: BenchClient[], eventsPerSecond: number, kind: DatabaseKind = "sqlite", providers: BenchProvider[] = []): Promise<Target> {
  const database = await createDatabase(kind);
  const name = kind === "sqlite" ? "switchboard" : "switchboard on PostgreSQL";
  let node: Target | null = null;
  const stop = async () => {
    await node?.stop();
    await database.drop();
  };
  try {
    node = await launchSwitchboard(name, { DATABASE_URL: database.url, REALTIME_EVENTS_PER_SECOND: String(eventsPerSecond) });
    await insertAccounts(database, clients, providers); // after start: the server has migrated the database by then
    return { ...node, adminAuth: `Bearer ${await adminToken(node.url)}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Two production nodes (node A, node B) on one fresh PostgreSQL database and the machine's
 * Redis under a prefix of their own, as `npm run cluster` runs them. `stop` stops both,
 * drops the database and deletes the prefix's keys.
 */
export async function startTwoNodes(clients: BenchClient[], eventsPerSecond: number): Promise<{ nodes: [Target, Target]; stop(): Promise<void> }> {
  const database = await createDatabase("postgres");
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const prefix = `bench-${process.pid}-${Date.now().toString(36)}`;
  const env = (id: string) => ({
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    NODE_ID: id,
    REALTIME_EVENTS_PER_SECOND: String(eventsPerSecond),
  });
  const nodes: Target[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    await database.drop();
    await forgetPrefix(redisUrl, prefix);
  };
  try {
    // Node A migrates and seeds the database before node B starts on it.
    nodes.push(await launchSwitchboard("node A", env("node-a")));
    nodes.push(await launchSwitchboard("node B", env("node-b")));
    await insertAccounts(database, clients, []);
    const adminAuth = `Bearer ${await adminToken(nodes[0].url)}`;
    return { nodes: [{ ...nodes[0], adminAuth }, { ...nodes[1], adminAuth }], stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** One Switchboard node of `APP_DIR` on `env`'s database, with the bench's secrets and limits; its `adminAuth` is still to be filled in. */
async function launchSwitchboard(name: TargetName, env: Record<string, string>): Promise<Target> {
  ensureBuild();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = await launch(
    "server.ts",
    {
      ...process.env,
      ...BENCH_SECRETS,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      SEED_DEMO: "1",
      ALLOW_DEMO_IN_PRODUCTION: "1",
      ...GENEROUS_LIMITS,
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      LOG_LEVEL: "warn",
      // The handshake rate limit guards against reconnection herds; the bench measures how
      // fast the server itself admits connections, as bare Socket.IO has no such limit.
      REALTIME_CONNECTIONS_PER_SECOND: "1000000",
      ...env,
    },
    url,
    APP_DIR,
  );
  const internalAuth = `Bearer ${BENCH_SECRETS.INTERNAL_API_SECRET}`;
  return { name, url, internalAuth, adminAuth: "", collectGarbage: () => child.kill("SIGUSR2"), stop: () => halt(child) };
}

/**
 * The bench's own occasional requests (metrics reads, announcements, a few triggers) each
 * use a fresh connection. A kept-alive one sits idle through a long fan-out, and a server
 * whose event loop that fan-out held for seconds closes it (keep-alive timeout) just as
 * the next request goes out on it: ECONNRESET, a failure of the bench, not of the server.
 * Back-to-back requests (`{ keepAlive: true }`) reuse connections, as real callers do.
 */
const FRESH_CONNECTION = { connection: "close" };

/** GET /api/metrics as text. */
async function metricsText(target: Target): Promise<string> {
  return (await fetch(`${target.url}/api/metrics`, { headers: { authorization: target.internalAuth, ...FRESH_CONNECTION } })).text();
}

/** Heap used and RSS from GET /api/metrics, read just after a full garbage collection. */
export async function serverMemory(target: Target): Promise<{ heapBytes: number; rssBytes: number }> {
  target.collectGarbage();
  await sleep(200); // the signal is handled on the server's next turn; a full collection of a few hundred MB takes well under this
  const text = await metricsText(target);
  return {
    heapBytes: metricValue(text, "switchboard_nodejs_heap_size_used_bytes"),
    rssBytes: metricValue(text, "switchboard_process_resident_memory_bytes"),
  };
}

/** POSTs JSON to a route of the target; throws unless it answers `expected`. */
export async function post(target: Target, path: string, authorization: string, body: unknown, expected: number, options = { keepAlive: false }): Promise<unknown> {
  const response = await fetch(`${target.url}${path}`, {
    method: "POST",
    headers: { authorization, "content-type": "application/json", ...(options.keepAlive ? {} : FRESH_CONNECTION) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`${target.name} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

/**
 * The server's CPU time so far (user + system, ms), from GET /api/metrics. Differences
 * across a scenario give CPU per operation, which other work on a shared machine inflates
 * far less than it inflates latencies and rates.
 */
export async function serverCpuMs(target: Target): Promise<number> {
  const text = await metricsText(target);
  return metricValue(text, "switchboard_process_cpu_seconds_total") * 1000;
}

function metricValue(text: string, name: string): number {
  const match = text.match(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "m"));
  if (!match) throw new Error(`/api/metrics has no ${name}`);
  return Number(match[1]);
}

function ensureBuild(): void {
  if (existsSync(join(APP_DIR, ".next/BUILD_ID"))) return;
  console.log(`› no production build in ${APP_DIR} yet: next build`);
  const build = spawnSync("npx", ["next", "build"], { cwd: APP_DIR, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (build.status !== 0) throw new Error(`next build failed (${build.status})`);
}

type Database = Awaited<ReturnType<typeof createDatabase>>;

/**
 * The bench's accounts, straight into the database: a passwordHash that no password
 * matches (they sign in by token only), and one service per provider. The ids go in as one
 * JSON array (SQLite) or text array (PostgreSQL): one statement for 10,000 users.
 */
async function insertAccounts(database: Database, clients: BenchClient[], providers: BenchProvider[]): Promise<void> {
  const ids = database.kind === "sqlite" ? "(SELECT value AS id FROM json_each($1))" : "unnest($1::text[]) AS id";
  const list = (accounts: { userId: string }[]) => (database.kind === "sqlite" ? JSON.stringify(accounts.map((a) => a.userId)) : accounts.map((a) => a.userId));
  const role = (name: string) => (database.kind === "sqlite" ? `'${name}'` : `'${name}'::"Role"`);
  for (const [accounts, roleName] of [[clients, "CLIENT"], [providers, "PROVIDER"]] as const) {
    if (accounts.length) await database.query(`INSERT INTO "User" (id, email, name, role, "passwordHash") SELECT id, id || '@bench.test', id, ${role(roleName)}, '!' FROM ${ids}`, [list(accounts)]);
  }
  // Prisma writes DateTime on SQLite as ISO 8601 text with an explicit offset (the driver adapter's default).
  const updatedAt = database.kind === "sqlite" ? new Date().toISOString().replace("Z", "+00:00") : new Date();
  for (const { userId, serviceId } of providers) {
    await database.query(
      `INSERT INTO "Service" (id, "providerId", title, "priceCents", capacity, available, "updatedAt") VALUES ($1, $2, $3, 5000, ${UNITS_PER_SERVICE}, ${UNITS_PER_SERVICE}, $4)`,
      [serviceId, userId, `Bench service of ${userId}`, updatedAt],
    );
  }
}

/** More units than any run books. */
const UNITS_PER_SERVICE = 1_000_000;

async function adminToken(url: string): Promise<string> {
  const response = await fetch(`${url}/api/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "admin@demo.test", password: DEMO_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`POST /api/token as the demo admin answered ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** The first port of the bench's range (3400-3499) that nothing listens on. */
async function freePort(): Promise<number> {
  for (let port = PORTS.first; port <= PORTS.last; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once("error", () => resolve(false));
      probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${PORTS.first}-${PORTS.last}`);
}

/**
 * Starts a server script under tsx in one Node process (so signals reach it), with the
 * garbage-collection hook preloaded, and resolves once its /api/health answers 200.
 */
async function launch(script: string, env: NodeJS.ProcessEnv, url: string, cwd = ROOT): Promise<ChildProcess> {
  const hook = new URL("./collect-garbage.ts", import.meta.url).href;
  // Both servers get production's V8 flags (scripts/server-process.mjs), so neither has a
  // GC advantage. BENCH_NODE_ARGS adds flags, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile them.
  const extra = process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  // After tsx's loader, so an extra `--import` may name a TypeScript file (bench/event-loop-stalls.ts).
  const flags = [...SERVER_NODE_FLAGS, "--expose-gc", "--import", "tsx", ...extra, "--import", hook, script];
  const child = spawn(process.execPath, flags, { cwd, env, stdio: ["ignore", "inherit", "inherit"] });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited (${child.exitCode}) before it answered`);
    const healthy = await fetch(`${url}/api/health`).then((r) => r.status === 200, () => false);
    if (healthy) return child;
    if (Date.now() > deadline) {
      await halt(child);
      throw new Error(`${script} did not answer ${url}/api/health within 120 s`);
    }
    await sleep(250);
  }
}

async function halt(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const forced = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(forced);
}
