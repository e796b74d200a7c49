import type { Server as HttpServer } from "node:http";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { Server, type Socket } from "socket.io";
import { resolveSignedIn } from "../auth/caller";
import { isRevokedNow, noteRevocation } from "../auth/revocation";
import type { Caller } from "../auth/identity";
import { config } from "../config";
import { flushActivity } from "../domain/activity";
import { standingRooms } from "../domain/catch-up";
import { eventLog } from "../db/event-log/event-log";
import { retentionReport } from "../domain/retention";
import { addressKey, budget, spend } from "../fair-use/budgets";
import { peerAddress } from "../http/client-address";
import { isSameOrigin } from "../http/same-origin";
import { addSecurityHeaders } from "../http/security-headers";
import { logger } from "../logger";
import { DeliveryOrder, type LoggedEvent } from "./delivery-order";
import { clientEventListener } from "./handlers";
import { connectCluster, UnsharedEvents } from "./cluster";
import { registerRealtimeHub, type ConnectionInfo, type RealtimeHub } from "./hub";
import { mergeNodeStats, sumReach, type NodeQuestions, type NodeStats, type Transports } from "./node-stats";
import { connectionSessions, counterpartsOf } from "./presence";
import { boundedRecoveryAdapter } from "./recovery-store";
import { HANDSHAKE_TOO_MANY_CONNECTIONS, HANDSHAKE_UNAUTHORIZED, rateLimitedRefusal } from "./handshake-refusal";
import { volatileEnvelope, type ClientToServerEvents, type Envelope, type ServerEventName, type ServerEvents, type ServerToClientEvents, type Stats } from "./protocol";
import { rooms } from "./rooms";
import { Telemetry } from "./telemetry";

/** `session`: the id of the socket's ConnectionSession row; `signedInAt`: when its credential signed in (sign out everywhere). */
type SocketData = { caller: Caller; signedInAt: number | undefined; connectedAt: string; session: string };
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, NodeQuestions, SocketData>;
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, NodeQuestions, SocketData>;

const STATS_INTERVAL_MS = 2000;

/** How long sign out everywhere waits for the other nodes to hear of it before dropping the sockets (they also read it within a second by themselves). */
const REVOKE_QUESTION_DEADLINE_MS = 1000;

/** How long a handshake waits for the other nodes' socket counts of its user (the cap). */
const CAP_QUESTION_DEADLINE_MS = 250;

/**
 * Sockets admitted by the handshake but not yet in their user's room (the cap counts the
 * room): without them a burst of handshakes by one user would all see the same count.
 */
class Admissions {
  private readonly byUser = new Map<string, number>();
  private readonly pending = new WeakMap<object, () => void>();

  count(userId: string): number {
    return this.byUser.get(userId) ?? 0;
  }

  /** Counts the socket until it joins its room, or its connection closes before that. */
  hold(socket: { conn: { once(event: "close", listener: () => void): unknown } }, userId: string): void {
    this.byUser.set(userId, this.count(userId) + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = this.count(userId) - 1;
      if (left > 0) this.byUser.set(userId, left);
      else this.byUser.delete(userId);
    };
    this.pending.set(socket, release);
    socket.conn.once("close", release);
  }

  /** The socket is in its user's room now, where the cap counts it. */
  joined(socket: object): void {
    this.pending.get(socket)?.();
  }
}

/** Socket.IO's advice for memory per connection ("How to reduce memory usage"), after our own middleware has used the request. */
function dropHandshakeRequest(socket: RealtimeSocket): void {
  (socket.conn as { request: unknown }).request = null;
}

/**
 * Attaches Socket.IO to the HTTP server and registers it as the realtime hub that the
 * domain publishes to. Identity comes from the next-auth cookie or `auth.token`; every
 * socket joins `user:<id>` and `role:<ROLE>`; connection state recovery replays what a
 * socket missed while it was away for up to REALTIME_RECOVERY_MS.
 *
 * With REDIS_URL the nodes share rooms, broadcasts and recovery sessions through the Redis
 * Streams adapter, and answer each other's questions (stats, connections, reach), so
 * every figure is cluster-wide. Without it this node is alone, on the in-memory adapter;
 * the code path is the same.
 */
export async function attachRealtime(httpServer: HttpServer) {
  const cfg = config();
  const log = logger();
  const startedAt = new Date();
  const unshared = new UnsharedEvents();
  const cluster = cfg.redisUrl
    ? await connectCluster(cfg.redisUrl, cfg.redisPrefix, cfg.realtime.recoveryMaxPackets, { onDown: () => unshared.linkDown(), onUp: () => askClientsToCatchUp() })
    : undefined;
  const io: RealtimeServer = new Server(httpServer, {
    path: "/socket.io",
    transports: ["polling", "websocket"],
    // Above any legal event; oversized events get a PAYLOAD_TOO_LARGE ack, not a dropped socket.
    maxHttpBufferSize: 1_000_000,
    connectionStateRecovery: { maxDisconnectionDuration: cfg.realtime.recoveryMs, skipMiddlewares: true },
    adapter: cluster ? cluster.adapter : boundedRecoveryAdapter(cfg.realtime.recoveryMaxPackets),
  });

  // Socket.IO answers its own HTTP requests (the polling transport) without passing them to server.ts's handler.
  io.engine.on("headers", addSecurityHeaders);

  // This node's sockets still on HTTP long-polling (few: most start on or upgrade to
  // WebSocket), so a socket's transport and an audience's split need no walk of every socket.
  const pollingSockets = new Set<string>();
  const transportOf = (socketId: string): "websocket" | "polling" => (pollingSockets.has(socketId) ? "polling" : "websocket");

  const countConnections = () => {
    const byRole: Record<string, number> = { CLIENT: 0, PROVIDER: 0, ADMIN: 0, STAFF: 0 };
    const transports = { websocket: 0, polling: 0 };
    for (const socket of io.of("/").sockets.values()) {
      byRole[socket.data.caller.role] = (byRole[socket.data.caller.role] ?? 0) + 1;
      transports[transportOf(socket.id)]++;
    }
    return { byRole, transports };
  };
  const telemetry = new Telemetry(countConnections);

  /** This node's share of the stats. */
  function localStats(): NodeStats {
    const sockets = io.of("/").sockets;
    const roomCounts: Record<string, number> = {};
    const userIds: string[] = [];
    for (const [name, members] of io.of("/").adapter.rooms) {
      if (sockets.has(name)) continue; // a socket's own room
      if (name.startsWith("user:")) userIds.push(name.slice("user:".length));
      else roomCounts[name] = members.size;
    }
    return {
      id: cfg.nodeId,
      startedAt: startedAt.toISOString(),
      connections: sockets.size,
      ...countConnections(),
      rooms: roomCounts,
      userIds,
      telemetry: telemetry.window(),
      retention: retentionReport(),
    };
  }

  function localConnections(): ConnectionInfo[] {
    return [...io.of("/").sockets.values()].map((s) => ({
      socketId: s.id,
      userId: s.data.caller.id,
      userName: s.data.caller.name,
      role: s.data.caller.role,
      transport: transportOf(s.id),
      node: cfg.nodeId,
      connectedAt: s.data.connectedAt,
    }));
  }

  /**
   * How many of this node's sockets the audience keys reach, by transport. Runs for every
   * trigger (its `delivered`), so one room is counted by its size, not by copying it.
   */
  async function localReach(targets: string[]): Promise<Transports> {
    const nsp = io.of("/");
    const reached: { size: number; has(id: string): boolean } = targets.includes(rooms.everyone)
      ? nsp.sockets
      : targets.length === 1
        ? (nsp.adapter.rooms.get(targets[0]) ?? new Set<string>())
        : await nsp.adapter.sockets(new Set(targets));
    let polling = 0;
    for (const id of pollingSockets) if (reached.has(id)) polling++;
    return { websocket: reached.size - polling, polling };
  }

  /**
   * Asks every other node (none without Redis, or while Redis is down) and resolves with
   * the answers that came; a node that does not answer within the adapter's timeout (5 s)
   * is left out rather than failing the question.
   */
  function askOtherNodes<A>(ask: (answered: (error: Error | null, answers: A[]) => void) => void): Promise<A[]> {
    if (!cluster) return Promise.resolve([]);
    return new Promise((resolve) => ask((_error, answers) => resolve(answers ?? [])));
  }

  io.on("node:stats", (answer) => answer(localStats()));
  io.on("node:connections", (answer) => answer(localConnections()));
  io.on("node:reach", (targets, answer) => void localReach(targets).then(answer));
  io.on("node:revoked", (userId, revokedAt, answer) => {
    noteRevocation(userId, revokedAt);
    answer(true);
  });

  async function stats(): Promise<Stats> {
    const others = await askOtherNodes<NodeStats>((answered) => io.serverSideEmit("node:stats", answered));
    return mergeNodeStats([localStats(), ...others]);
  }

  /** Sockets the audience keys reach on every node, by transport. */
  async function reach(targets: string[]): Promise<Transports> {
    const [here, others] = await Promise.all([
      localReach(targets),
      askOtherNodes<Transports>((answered) => io.serverSideEmit("node:reach", targets, answered)),
    ]);
    return sumReach([here, ...others]);
  }

  /**
   * Sockets the audience keys reach on the other nodes, as far as they answer within
   * `deadlineMs` (a node that died is still asked until its heartbeat is missed, and a
   * handshake must not wait for it): a count that may fall short, never one that waits.
   */
  async function otherNodesReach(targets: string[], deadlineMs: number): Promise<number> {
    if (!cluster) return 0;
    const answers = askOtherNodes<Transports>((answered) => io.serverSideEmit("node:reach", targets, answered));
    const late = new Promise<Transports[]>((resolve) => setTimeout(() => resolve([]), deadlineMs).unref());
    const { websocket, polling } = sumReach(await Promise.race([answers, late]));
    return websocket + polling;
  }

  /**
   * After Redis comes back: what this node published while the link was down (or just
   * before) never reached the other nodes' sockets. Every socket (here, and through the
   * adapter on every node) is told to run its `sync` catch-up from before the first such
   * event, which reads them from the event log.
   */
  function askClientsToCatchUp(): void {
    const since = unshared.linkUp();
    if (since !== null) volatile("sync:required", { since, reason: "redis-recovered", node: cfg.nodeId }, [rooms.everyone]);
  }

  /** A volatile event, to its audience on every node at once (no order to keep, nothing to catch up). */
  function emit(envelope: Envelope, targets: string[]): void {
    const operator = targets.includes(rooms.everyone) ? io : io.to(targets);
    operator.emit(envelope.type, envelope);
    telemetry.published(envelope.type, null);
  }

  // Durable events reach this node's sockets in id order, whichever node wrote them: the
  // writer hands them to every node (`node:events`), and each delivers them to its own
  // sockets once the event before each has been (lib/realtime/delivery-order.ts).
  const order = new DeliveryOrder(await eventLog().latestId(), {
    emit(events) {
      for (const { envelope, targets } of events) {
        if (targets.length) (targets.includes(rooms.everyone) ? io.local : io.local.to(targets)).emit(envelope.type, envelope);
      }
    },
    read: (after, through) => eventLog().read(after, through),
    failed: (error) => log.warn({ err: error, code: "DELIVERY_GAP_UNREAD" }, "events another node wrote could not be read to fill a gap; trying again"),
  });
  io.on("node:events", (events) => order.accept(events));
  // Once a second the log's newest id says what this node owes, heard of or not.
  const owedTimer = setInterval(() => void eventLog().cursor().then((newest) => order.owe(newest), () => undefined), 1000);
  owedTimer.unref();

  /** Durable events written here: in order to this node's sockets, and to every other node. */
  function publishLogged(events: LoggedEvent[]): void {
    for (const { envelope } of events) {
      telemetry.published(envelope.type, envelope.ts);
      if (cluster) unshared.published(envelope.eventId!, cluster.status() === "up");
    }
    order.accept(events);
    if (cluster) io.serverSideEmit("node:events", events);
  }

  function volatile<E extends ServerEventName>(type: E, data: ServerEvents[E], targets: string[]): void {
    if (targets.length) emit(volatileEnvelope(type, data), targets);
  }

  /**
   * Tells counterparts whether the user is online now, on any node; read after the query,
   * so the last word is the truth.
   */
  async function announcePresence(userId: string): Promise<void> {
    try {
      const counterparts = await counterpartsOf(userId);
      const sockets = await reach([rooms.user(userId)]);
      const online = sockets.websocket + sockets.polling > 0;
      volatile("presence:updated", { userId, online }, [...counterparts.map(rooms.user), rooms.admin]);
    } catch (error) {
      log.warn({ err: error, code: "PRESENCE_FAILED", userId });
    }
  }

  const onClientEvent = clientEventListener({ telemetry, stats }, cfg.realtime);
  io.use(async (socket, next) => {
    const token = socket.handshake.auth?.token;
    const bearer = typeof token === "string" && token ? `Bearer ${token}` : null;
    const { headers } = socket.handshake;
    // A cookie rides along on a foreign page's WebSocket too (cross-site WebSocket hijacking):
    // a cookie-authenticated handshake from another origin is no identity.
    const cookieUsable = isSameOrigin({ host: headers.host, origin: headers.origin, secFetchSite: headers["sec-fetch-site"] }, "same");
    const signedIn = await resolveSignedIn({ authorization: bearer, cookie: bearer || cookieUsable ? headers.cookie : null }).catch(() => null);
    if (!signedIn) {
      telemetry.error("HANDSHAKE_REFUSED");
      log.info({ code: "HANDSHAKE_REFUSED", address: socket.handshake.address, withToken: typeof token === "string" });
      return next(new Error(HANDSHAKE_UNAUTHORIZED));
    }
    socket.data.caller = signedIn.caller;
    socket.data.signedInAt = signedIn.signedInAt;
    socket.data.connectedAt = new Date().toISOString();
    next();
  });

  // Admission, after authentication so handshakes without an identity (refused anyway)
  // cannot spend anyone's budget. Each user and each address has a handshake budget of its
  // own, spent before the node's: one user or address opening sockets in a loop runs out of
  // its own and cannot keep anyone else out. Then the user's socket cap, cluster-wide. Last
  // the node's steady rate, which paces the herd after a restart (every client comes back at
  // once): the rest are told when to retry.
  const { fairUse } = cfg;
  const [userHandshakes, addressHandshakes] = await Promise.all([
    budget("handshake:user", fairUse.handshakesPerUserPerMinute, 60),
    budget("handshake:address", fairUse.handshakesPerAddressPerMinute, 60),
  ]);
  const nodeHandshakes = new RateLimiterMemory({ points: cfg.realtime.connectionsPerSecond, duration: 1 });
  const admitting = new Admissions();
  io.use(async (socket, next) => {
    const { caller } = socket.data;
    const refuse = (code: string, retryAfterMs?: number) => {
      telemetry.error(code);
      next(retryAfterMs === undefined ? new Error(HANDSHAKE_TOO_MANY_CONNECTIONS) : rateLimitedRefusal(retryAfterMs));
    };
    const overBudget =
      (await spend(userHandshakes, caller.id)) ?? (await spend(addressHandshakes, addressKey(peerAddress(socket.request, cfg.trustProxy))));
    if (overBudget !== null) return refuse("HANDSHAKE_BUDGET_SPENT", overBudget);
    const elsewhere = await otherNodesReach([rooms.user(caller.id)], CAP_QUESTION_DEADLINE_MS);
    const sockets = (io.of("/").adapter.rooms.get(rooms.user(caller.id))?.size ?? 0) + admitting.count(caller.id) + elsewhere;
    if (sockets >= fairUse.maxSocketsPerUser) return refuse("TOO_MANY_CONNECTIONS");
    const paced = await spend(nodeHandshakes, "node");
    if (paced !== null) return refuse("CONNECTION_RATE_LIMITED", paced);
    admitting.hold(socket, caller.id);
    next();
  });

  /** Every socket's disconnect listener, one function for all (`this` is the socket). */
  function onDisconnect(this: RealtimeSocket, reason: string): void {
    const { caller, session } = this.data;
    log.info({ code: "SOCKET_DISCONNECTED", userId: caller.id, socketId: this.id, reason });
    connectionSessions.close(session);
    if (!io.of("/").adapter.rooms.get(rooms.user(caller.id))?.size) void announcePresence(caller.id);
  }

  io.on("connection", async (socket: RealtimeSocket) => {
    const { caller } = socket.data;
    admitting.joined(socket);
    // Signed out everywhere between this handshake's check and now: the drop missed it.
    if (isRevokedNow(caller.id, socket.data.signedInAt)) return void socket.disconnect(true);
    // The handshake request is authenticated and read (socket.handshake keeps its headers);
    // holding the whole IncomingMessage for the socket's life only costs memory.
    dropHandshakeRequest(socket);
    const transport = socket.conn.transport.name;
    const userRoom = rooms.user(caller.id);
    // A recovered socket is already back in its rooms: count only the user's other sockets.
    const firstSocket = ![...(io.of("/").adapter.rooms.get(userRoom) ?? [])].some((id) => id !== socket.id);
    // Rooms and listeners first and synchronously: a client may emit (or leave) the moment it connects.
    void socket.join([userRoom, rooms.role(caller.role), ...standingRooms(caller)]);
    socket.onAny(onClientEvent);
    const session = connectionSessions.open({ userId: caller.id, socketId: socket.id, node: cfg.nodeId, transport });
    socket.data.session = session;
    if (transport === "polling") {
      pollingSockets.add(socket.id);
      socket.conn.once("upgrade", () => {
        pollingSockets.delete(socket.id);
        connectionSessions.upgrade(session, socket.conn.transport.name);
      });
      socket.once("disconnect", () => pollingSockets.delete(socket.id));
    }
    socket.on("disconnect", onDisconnect);

    if (firstSocket) void announcePresence(caller.id);
    log.info({ code: socket.recovered ? "SOCKET_RECOVERED" : "SOCKET_CONNECTED", userId: caller.id, role: caller.role, socketId: socket.id, transport });
    const [cursor, epoch] = await Promise.all([eventLog().cursor().catch(() => 0), eventLog().epoch().catch(() => null)]);
    const data = { userId: caller.id, role: caller.role, node: cfg.nodeId, cursor, epoch };
    socket.emit("connected", { eventId: null, type: "connected", ts: new Date().toISOString(), data, ...data });
  });

  // Stats go to the admin room every 2 s, but only while someone is watching. Each node
  // pushes the cluster-wide figures to its own watchers only.
  const statsTimer = setInterval(async () => {
    if (!io.of("/").adapter.rooms.get(rooms.admin)?.size) return;
    try {
      const envelope = volatileEnvelope("stats:updated", await stats());
      io.local.to(rooms.admin).emit("stats:updated", envelope);
      telemetry.published(envelope.type, null);
    } catch (error) {
      log.warn({ err: error, code: "STATS_FAILED" });
    }
  }, STATS_INTERVAL_MS);
  statsTimer.unref();

  const hub: RealtimeHub = {
    publish(events) {
      const logged: LoggedEvent[] = [];
      for (const event of events) {
        if (event.envelope.eventId !== null && event.prev !== undefined) logged.push(event as LoggedEvent);
        else emit(event.envelope, event.targets);
      }
      if (logged.length) publishLogged(logged);
    },
    async countSockets(targets) {
      const sockets = await reach(targets);
      return sockets.websocket + sockets.polling;
    },
    stats,
    metrics: () => telemetry.metrics(),
    httpPoll: (userId) => telemetry.httpPoll(userId),
    metricsContentType: telemetry.contentType,
    async connections() {
      const others = await askOtherNodes<ConnectionInfo[]>((answered) => io.serverSideEmit("node:connections", answered));
      return [localConnections(), ...others].flat();
    },
    async connectionStatus(userId) {
      const transports = await reach([rooms.user(userId)]);
      const sockets = transports.websocket + transports.polling;
      return { online: sockets > 0, sockets, transports };
    },
    redis: () => cluster?.status(),
    async revokeUser(userId, revokedAt) {
      // Every node refuses the user's old credentials before their sockets are dropped, so
      // a socket cannot reconnect with one to a node that has not heard yet.
      await Promise.race([
        askOtherNodes<boolean>((answered) => io.serverSideEmit("node:revoked", userId, revokedAt.getTime(), answered)),
        new Promise((resolve) => setTimeout(resolve, REVOKE_QUESTION_DEADLINE_MS).unref()),
      ]);
      io.in(rooms.user(userId)).disconnectSockets(true);
    },
  };
  registerRealtimeHub(hub);
  void connectionSessions.closeStale(cfg.nodeId).catch(() => undefined);

  return {
    io,
    /**
     * Stops accepting sockets and closes the ones there are without a goodbye, so clients
     * reconnect (through the load balancer, to another node) and, with Redis, resume
     * their sessions there. Activity reported up to the close is written before it returns.
     */
    async close(): Promise<void> {
      clearInterval(statsTimer);
      clearInterval(owedTimer);
      registerRealtimeHub(undefined);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await flushActivity(); // after the close: no socket can report any more
      await connectionSessions.flush(); // the closes of the sockets just disconnected
      await cluster?.close();
    },
  };
}
