import { afterEach, expect } from "vitest";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ConnectedPayload, ServerToClientEvents } from "../../../lib/realtime/protocol";
import type { Envelope } from "../../../lib/realtime/protocol";
import { RealtimeClient, type ConnectionStatus, type RealtimeClientOptions } from "../../../lib/realtime/client";
import type { ApiClient } from "./api";
import type { TestServer } from "./server";
import { randomUUID } from "node:crypto";
import { TEST_SECRETS } from "./server";

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

type ConnectOptions = {
  token?: string;
  cookie?: string;
  /** More handshake headers, as a browser would send them (`origin`, `sec-fetch-site`). */
  headers?: Record<string, string>;
  transports?: ("websocket" | "polling")[];
  /** Query parameters of every request, e.g. the `affinity` a load balancer hashes. */
  query?: Record<string, string>;
};

/** A real socket.io-client socket to the test server; not yet connected unless awaited via `connectAs`. */
export function socketTo(server: TestServer, options: ConnectOptions = {}): TestSocket {
  return io(server.url, {
    path: "/socket.io",
    auth: options.token ? { token: options.token } : {},
    extraHeaders: { ...(options.cookie ? { cookie: options.cookie } : {}), ...options.headers },
    transports: options.transports ?? ["websocket"],
    query: options.query,
    reconnection: false,
    forceNew: true,
  });
}

/** The bearer token an ApiClient carries (tests sign users in through /api/token). */
export function tokenOf(client: ApiClient): string {
  return client.token!;
}

/** Connects as the client's user and resolves with the socket and its `connected` payload. */
export async function connectAs(client: ApiClient, options: Omit<ConnectOptions, "token"> = {}) {
  const socket = socketTo(client.server, { ...options, token: tokenOf(client) });
  const connected = await new Promise<ConnectedPayload>((resolve, reject) => {
    socket.once("connected", resolve);
    socket.once("connect_error", reject);
  });
  return { socket, connected };
}

/** Resolves with the first `event` that passes `match`; rejects after `timeoutMs`. */
export function waitFor<T = Envelope>(
  socket: TestSocket,
  event: string,
  match: (payload: T) => boolean = () => true,
  timeoutMs = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event as never, listener as never);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event as never, listener as never);
      resolve(payload);
    };
    socket.on(event as never, listener as never);
  });
}

/** Records every event a socket receives, in order, for asserting what arrived (and what did not). */
export function record(socket: TestSocket): { type: string; payload: Envelope }[] {
  const seen: { type: string; payload: Envelope }[] = [];
  socket.onAny((type: string, payload: Envelope) => seen.push({ type, payload }));
  return seen;
}

// ── Acks, handshakes, triggers, and proving what did not arrive (realtime-protocol tests) ──

/** A socket that may emit any name with any arguments: the malformed and unknown cases the typed protocol forbids. */
type UntypedSocket = Socket<Record<string, (...args: any[]) => void>, Record<string, (...args: any[]) => void>>;

/**
 * Emits a client event and resolves with its ack; rejects if none comes within 5 s. Takes any
 * event name and any arguments, so `ask(socket, "stats:get")` sends no payload at all.
 *
 * @example const ack = await ask(socket, "subscribe", { room: "admin" });
 */
export function ask<T = any>(socket: TestSocket, event: string, ...args: unknown[]): Promise<T> {
  return (socket as unknown as UntypedSocket).timeout(5000).emitWithAck(event, ...args);
}

/** The session cookie a client from `signInWithCookie` sends, to hand to `socketTo(server, { cookie })`. */
export function cookieOf(client: ApiClient): string {
  const cookie = client["headers"].cookie;
  if (!cookie) throw new Error("this client was not signed in with a session cookie");
  return cookie;
}

export type HandshakeOutcome = { connected: ConnectedPayload; refused?: undefined } | { connected?: undefined; refused: string };

/** Resolves with how a socket's handshake ended: its `connected` payload, or the `connect_error` message. */
export function handshakeOf(socket: TestSocket, timeoutMs = 5000): Promise<HandshakeOutcome> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`neither connected nor connect_error within ${timeoutMs} ms`)), timeoutMs);
    socket.once("connected", (connected) => {
      clearTimeout(timer);
      resolve({ connected });
    });
    socket.once("connect_error", (error) => {
      clearTimeout(timer);
      resolve({ refused: error.message });
    });
  });
}

/** One handshake, no retries: the socket, and "connected" or the refusal's message. Close the socket when done. */
export async function tryHandshake(server: TestServer, options: ConnectOptions): Promise<{ socket: TestSocket; outcome: string }> {
  const socket = socketTo(server, options);
  const ended = await handshakeOf(socket);
  return { socket, outcome: ended.connected ? "connected" : ended.refused };
}

export type TriggerBody = {
  event: string;
  data?: unknown;
  to: { users?: string[]; roles?: string[]; rooms?: string[] };
  durable?: boolean;
  notification?: { title: string; body?: string; priority?: string };
};

/** POST /api/realtime/trigger as an internal service (INTERNAL_API_SECRET); throws unless it answers 202. */
export async function triggerAsService(server: TestServer, body: TriggerBody): Promise<{ eventId: number | null; delivered: number }> {
  const response = await fetch(`${server.url}/api/realtime/trigger`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_SECRETS.INTERNAL_API_SECRET}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 202) throw new Error(`trigger answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

export type Recorded = ReturnType<typeof record>;

/**
 * What each watched socket recorded before a marker sent after everything else: the proof that
 * something did NOT arrive. One volatile `test:marker` goes to every role; the server emits to a
 * socket in order, so anything published to it earlier was recorded before the marker.
 *
 * @example
 * const [before] = await seenBeforeMarker(server, [{ socket, seen }]);
 * expect(before.map((e) => e.type)).not.toContain("booking:updated");
 */
export async function seenBeforeMarker(server: TestServer, watched: { socket: TestSocket; seen: Recorded }[]): Promise<Recorded[]> {
  const marker = randomUUID();
  const isMarker = (entry: { type: string; payload: Envelope }) =>
    entry.type === "test:marker" && (entry.payload.data as { marker?: string } | null)?.marker === marker;
  const arrived = watched.map(({ socket }) => waitFor(socket, "test:marker", (p) => (p.data as { marker?: string } | null)?.marker === marker));
  await triggerAsService(server, {
    event: "test:marker",
    data: { marker },
    to: { roles: ["CLIENT", "PROVIDER", "ADMIN", "STAFF"] },
    durable: false,
  });
  await Promise.all(arrived);
  return watched.map(({ seen }) => {
    const at = seen.findIndex(isMarker);
    if (at < 0) throw new Error("the marker arrived but was not recorded: record(socket) before seenBeforeMarker");
    return seen.slice(0, at);
  });
}

// ── Sockets that close after each test, and drops that recovery can mend (realtime-delivery tests) ──

/**
 * Connects a socket that reconnects by itself, as a browser's does, and can be cut as a network
 * failure would cut it. `drop()` closes the transport under the socket (the server keeps its
 * session for the recovery window) and holds the socket's next handshake until the `resume()`
 * it returns is called, so the test decides what happens while the socket is away.
 *
 * @example
 * const away = await connectRecoverable(users.client);
 * const resume = away.drop();
 * // ...events the socket misses...
 * resume();
 * await waitFor(away.socket, "connected");
 * expect(away.socket.recovered).toBe(true);
 */
export async function connectRecoverable(client: ApiClient, options: Pick<ConnectOptions, "transports"> = {}) {
  const token = tokenOf(client);
  let handshakeGate = Promise.resolve();
  const socket: TestSocket = io(client.server.url, {
    path: "/socket.io",
    // A function is asked again on every reconnection, which is where the gate holds it.
    auth: (send) => void handshakeGate.then(() => send({ token })),
    transports: options.transports ?? ["websocket"],
    reconnection: true,
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
    forceNew: true,
  });
  const connected = await new Promise<ConnectedPayload>((resolve, reject) => {
    socket.once("connected", resolve);
    socket.once("connect_error", reject);
  });
  const drop = (): (() => void) => {
    let resume!: () => void;
    handshakeGate = new Promise((open) => (resume = open));
    socket.io.engine.close();
    return resume;
  };
  return { socket, connected, drop };
}

/** How many sockets the server holds now, from its stats (asked with the internal secret). */
export async function serverConnections(server: TestServer): Promise<number> {
  const response = await fetch(`${server.url}/api/realtime/stats`, {
    headers: { authorization: `Bearer ${TEST_SECRETS.INTERNAL_API_SECRET}` },
  });
  if (response.status !== 200) throw new Error(`stats answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { connections: number }).connections;
}

/**
 * One series of a counter in the server's Prometheus metrics (asked with the internal secret);
 * 0 before it has counted anything.
 *
 * @example await metricValue(server, "switchboard_realtime_errors_total", 'code="RATE_LIMITED"')
 */
export async function metricValue(server: TestServer, name: string, label: string): Promise<number> {
  const response = await fetch(`${server.url}/api/metrics`, { headers: { authorization: `Bearer ${TEST_SECRETS.INTERNAL_API_SECRET}` } });
  const line = (await response.text()).split("\n").find((l) => l.startsWith(`${name}{`) && l.includes(label));
  return line ? Number(line.split(" ").pop()) : 0;
}

/**
 * Opens sockets for the tests of a `describe` and closes them after each test; the next test
 * starts only once the server holds no socket, so counts and presence start from nobody. Use
 * inside a `describe`, after `useServer`.
 *
 * @example
 * const ctx = useServer("sqlite");
 * const sockets = useSockets(() => ctx.server);
 * it("...", async () => {
 *   const { socket } = await sockets.connect(ctx.users.client);
 * });
 */
export function useSockets(server: () => TestServer) {
  const open = new Set<TestSocket>();
  afterEach(async () => {
    for (const socket of open) socket.disconnect();
    open.clear();
    await expect.poll(() => serverConnections(server()), { timeout: 10_000, message: "the server let every socket go" }).toBe(0);
  });
  const track = <T extends { socket: TestSocket }>(opened: T): T => {
    open.add(opened.socket);
    return opened;
  };
  return {
    connect: async (client: ApiClient, options: Omit<ConnectOptions, "token"> = {}) => track(await connectAs(client, options)),
    connectRecoverable: async (client: ApiClient, options: Pick<ConnectOptions, "transports"> = {}) =>
      track(await connectRecoverable(client, options)),
  };
}

// ── The browser's own client, for faults: reconnection, backoff and catch-up as a page does them ──

/** The newest durable event id in the server's database: the cursor a freshly rendered page starts from. */
export async function latestEventId(server: TestServer): Promise<number> {
  const [row] = await server.query<{ id: number | string }>(`SELECT COALESCE(MAX(id), 0) AS id FROM "Event"`);
  return Number(row.id);
}

/**
 * A user's realtime connection through lib/realtime/client/, the client the dashboards use
 * (jittered reconnection, the `rate_limited` back-off, `sync` catch-up, one delivery per
 * eventId), signed in by token. Resolves once it is live. `received` holds every envelope its
 * listeners were given, in order; `statuses` every status it went through. Call `stop()`.
 * `url` reaches the server another way (a proxy; see support/proxy.ts).
 *
 * @example
 * const watcher = await realtimeClientFor(users.client, { initialCursor: await latestEventId(server) });
 * await server.kill();
 * await server.resume();
 * await expect.poll(() => watcher.received.length).toBe(n);
 */
export async function realtimeClientFor(client: ApiClient, options: Omit<RealtimeClientOptions, "token"> = {}, timeoutMs = 20_000) {
  const realtime = new RealtimeClient({ url: client.server.url, token: tokenOf(client), ...options });
  const received: Envelope[] = [];
  const statuses: ConnectionStatus[] = [];
  realtime.on("*", (envelope) => received.push(envelope));
  realtime.onStatus((status) => statuses.push(status));
  realtime.start();
  await whenStatus(realtime, "live", timeoutMs);
  return { realtime, received, statuses, stop: () => realtime.stop() };
}

/** Resolves when a RealtimeClient is (or becomes) `status`; rejects after `timeoutMs`. */
export function whenStatus(realtime: RealtimeClient, status: ConnectionStatus, timeoutMs = 20_000): Promise<void> {
  if (realtime.status === status) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`the realtime client did not become ${status} within ${timeoutMs} ms (it is ${realtime.status})`));
    }, timeoutMs);
    const off = realtime.onStatus((now) => {
      if (now !== status) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}
