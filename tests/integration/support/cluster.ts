import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll } from "vitest";
import { nginxCommand, standaloneConfig } from "../../../deploy/nginx";
import { RealtimeClient, type RealtimeClientOptions } from "../../../lib/realtime/client";
import { ApiClient, signInDemoUsers, type DemoUsers } from "./api";
import { forgetPrefix, keysUnder } from "./redis-keys";
import { createDatabase, freePort, startServerOn, type TestDatabase, type TestServer } from "./server";

/**
 * Several Switchboard nodes on one PostgreSQL database and one Redis, optionally behind
 * nginx rendered from the reference configuration (deploy/nginx.ts).
 */

/** The machine's Redis (CI starts it); each cluster keeps to its own key prefix there. */
const SHARED_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function untilPortAnswers(port: number, what: string, output: () => string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await portAnswers(port))) {
    if (Date.now() > deadline) throw new Error(`${what} did not listen on ${port} within ${timeoutMs} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill(signal);
  return exited;
}

export type TestRedis = { url: string; stop(): Promise<void>; restart(): Promise<void> };

/** A redis-server of the test's own on a free port (never the shared one), without persistence. */
export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess;
  const output: string[] = [];
  async function launch() {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    await untilPortAnswers(port, "redis-server", () => output.join(""));
  }
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => stopProcess(child, "SIGKILL"),
    async restart() {
      await stopProcess(child, "SIGKILL");
      await launch();
    },
  };
}

/**
 * A redis-server of the describe's own, started before its tests and stopped after. Call it
 * before useCluster, whose nodes then find it running.
 */
export function useRedis(): TestRedis {
  let redis: TestRedis | undefined;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  const started = () => {
    if (!redis) throw new Error("useRedis: the Redis starts in beforeAll; use it inside a test or a later hook");
    return redis;
  };
  return {
    get url() {
      return started().url;
    },
    stop: () => started().stop(),
    restart: () => started().restart(),
  };
}

export type TestNginx = { url: string; stop(): Promise<void> };

/** nginx in front of the nodes, with the reference configuration, on a free port. */
export async function startNginx(nodes: TestServer[]): Promise<TestNginx> {
  const [port, dir] = [await freePort(), mkdtempSync(join(tmpdir(), "switchboard-nginx-"))];
  const config = standaloneConfig({ dir, listen: `127.0.0.1:${port}`, nodes: nodes.map((node) => new URL(node.url).host) });
  writeFileSync(join(dir, "nginx.conf"), config);
  const { command, args } = nginxCommand(dir);
  const output: string[] = [];
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  child.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.once("error", (error) => output.push(`${command}: ${error.message}`));
  await untilPortAnswers(port, "nginx", () => output.join(""));
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Cluster = {
  nodes: TestServer[];
  /** nginx in front of every node, when asked for. */
  nginx?: TestNginx;
  database: TestDatabase;
  users: DemoUsers;
  /** The keys of this cluster's own in Redis, e.g. to count what a budget stored there. */
  redisKeys(pattern: string): Promise<string[]>;
};

type ClusterOptions = {
  nodes: number;
  nginx?: boolean;
  /** A Redis of the test's own (read when the cluster starts); by default the machine's, under a prefix of this cluster's own. */
  redisUrl?: () => string;
  env?: Record<string, string>;
};

/**
 * Starts `nodes` nodes (ids node-a, node-b, ...) on one fresh PostgreSQL database, before the
 * tests of a file, and stops everything after. The first node migrates and seeds the
 * database; the others start together once it has. Use inside a `describe`.
 */
export function useCluster(options: ClusterOptions) {
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  let redisUrl: string;
  const cluster = { nodes: [], redisKeys: (pattern: string) => keysUnder(redisUrl, `${prefix}:${pattern}`) } as unknown as Cluster;
  beforeAll(async () => {
    cluster.database = await createDatabase("postgres");
    redisUrl = options.redisUrl?.() ?? SHARED_REDIS_URL;
    const env = { REDIS_URL: redisUrl, REDIS_PREFIX: prefix, ...options.env };
    const nodeEnv = (i: number) => ({ ...env, NODE_ID: `node-${String.fromCharCode(97 + i)}` });
    cluster.nodes.push(await startServerOn(cluster.database, nodeEnv(0)));
    const rest = await Promise.all(Array.from({ length: options.nodes - 1 }, (_, i) => startServerOn(cluster.database, nodeEnv(i + 1))));
    cluster.nodes.push(...rest);
    if (options.nginx) cluster.nginx = await startNginx(cluster.nodes);
    cluster.users = await signInDemoUsers(cluster.nodes[0]);
  });
  afterAll(async () => {
    await cluster.nginx?.stop();
    await Promise.all(cluster.nodes.map((node) => node.stop()));
    await cluster.database?.drop();
    if (!options.redisUrl) await forgetPrefix(redisUrl, prefix);
  });
  return cluster;
}

/** The same identity, asking another node or nginx (a token is good on every node). */
export function through(client: ApiClient, target: { url: string }): ApiClient {
  return new ApiClient({ ...client.server, url: target.url }, client["headers"], client.user);
}

/**
 * The browser's realtime client (lib/realtime/client/, with its reconnection, catch-up and
 * deduplication), signed in with the user's token, connected through `target`; resolves
 * once it is live. `rooms` are subscribed before it starts, as a page's components do, so
 * its first catch-up already reads them. `heard(type)` lists the event ids its listeners
 * were given, in order; `durable()` every durable event id, in order (one given twice
 * shows twice). `drop()` closes the transport under it, as a network failure would (the
 * server keeps its session for recovery); `connects` counts its connections after the
 * first, by whether Socket.IO recovered the session.
 */
export async function liveClient(
  client: ApiClient,
  target: { url: string },
  options: Pick<RealtimeClientOptions, "initialCursor"> & { rooms?: string[] } = {},
) {
  const { rooms = [], ...clientOptions } = options;
  const realtime = new RealtimeClient({ url: target.url, token: client.token, reconnectDelayMs: 100, reconnectDelayMaxMs: 500, ...clientOptions });
  const heard: { type: string; eventId: number | null }[] = [];
  realtime.on("*", (envelope) => heard.push({ type: envelope.type, eventId: envelope.eventId }));
  for (const room of rooms) void realtime.subscribe(room);
  const socket = (realtime as unknown as { socket: Socket }).socket;
  const connects = { recovered: 0, fresh: 0 };
  let first = true;
  socket.on("connect", () => {
    if (!first) connects[socket.recovered ? "recovered" : "fresh"]++;
    first = false;
  });
  const live = new Promise<void>((resolve) => {
    const stop = realtime.onStatus((status) => status === "live" && (stop(), resolve()));
  });
  realtime.start();
  await live;
  return {
    realtime,
    heard: (type: string) => heard.filter((e) => e.type === type).map((e) => e.eventId!),
    durable: () => heard.filter((e) => e.eventId !== null).map((e) => e.eventId!),
    drop: () => socket.io.engine?.close(),
    connects,
  };
}
