import type { Server as HttpServer } from "node:http";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { Server, type Socket } from "socket.io";
import { resolveCaller } from "../auth/caller";
import type { Caller } from "../auth/identity";
import { config } from "../config";
import { flushActivity } from "../domain/activity";
import { latestEventId, type Envelope } from "../domain/events";
import { retentionReport } from "../domain/retention";
import { db } from "../db/client";
import { logger } from "../logger";
import { registerHandlers } from "./handlers";
import { registerRealtimeHub, type RealtimeHub } from "./hub";
import { connectionSessions, counterpartsOf } from "./presence";
import { HANDSHAKE_UNAUTHORIZED, rateLimitedRefusal } from "./handshake-refusal";
import type { ClientToServerEvents, ServerToClientEvents, Stats } from "./protocol";
import { rooms } from "./rooms";
import { Telemetry } from "./telemetry";

type SocketData = { caller: Caller; connectedAt: string };
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const STATS_INTERVAL_MS = 2000;

/**
 * Attaches Socket.IO to the HTTP server and registers it as the realtime hub that the
 * domain publishes to. Identity comes from the next-auth cookie or `auth.token`; every
 * socket joins `user:<id>` and `role:<ROLE>`; connection state recovery replays what a
 * socket missed while it was away for up to REALTIME_RECOVERY_MS.
 */
export function attachRealtime(httpServer: HttpServer) {
  const cfg = config();
  const log = logger();
  const startedAt = new Date();
  const io: RealtimeServer = new Server(httpServer, {
    path: "/socket.io",
    transports: ["polling", "websocket"],
    // Above any legal event; oversized events get a PAYLOAD_TOO_LARGE ack, not a dropped socket.
    maxHttpBufferSize: 1_000_000,
    connectionStateRecovery: { maxDisconnectionDuration: cfg.realtime.recoveryMs, skipMiddlewares: true },
  });

  const transportOf = (socketId: string): "websocket" | "polling" =>
    io.of("/").sockets.get(socketId)?.conn.transport.name === "websocket" ? "websocket" : "polling";

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

  async function stats(): Promise<Stats> {
    const sockets = io.of("/").sockets;
    const { byRole, transports } = countConnections();
    const roomCounts: Record<string, number> = {};
    let users = 0;
    for (const [name, members] of io.of("/").adapter.rooms) {
      if (sockets.has(name)) continue; // a socket's own room
      if (name.startsWith("user:")) users++;
      else roomCounts[name] = members.size;
    }
    return {
      nodes: [{ id: cfg.nodeId, connections: sockets.size, startedAt: startedAt.toISOString() }],
      connections: sockets.size,
      users,
      rooms: roomCounts,
      byRole,
      transports,
      ...telemetry.rolling(),
      uptimeS: Math.round((Date.now() - startedAt.getTime()) / 1000),
      clients: telemetry.clientMetrics(transports),
      retention: retentionReport(),
    };
  }

  function emit(envelope: Envelope, targets: string[]): void {
    const operator = targets.includes(rooms.everyone) ? io : io.to(targets);
    operator.emit(envelope.type, envelope);
    telemetry.published(envelope.type, envelope.eventId === null ? null : envelope.ts);
  }

  function volatile(type: string, data: unknown, targets: string[]): void {
    if (targets.length) emit({ eventId: null, type, ts: new Date().toISOString(), data }, targets);
  }

  /** Tells counterparts whether the user is online now; read after the query, so the last word is the truth. */
  async function announcePresence(userId: string): Promise<void> {
    try {
      const counterparts = await counterpartsOf(userId);
      const online = Boolean(io.of("/").adapter.rooms.get(rooms.user(userId))?.size);
      volatile("presence:updated", { userId, online }, [...counterparts.map(rooms.user), rooms.admin]);
    } catch (error) {
      log.warn({ err: error, code: "PRESENCE_FAILED", userId });
    }
  }

  // A restart brings every client back at once: admit a steady rate and tell the rest when to retry.
  const handshakes = new RateLimiterMemory({ points: cfg.realtime.connectionsPerSecond, duration: 1 });
  io.use(async (_socket, next) => {
    try {
      await handshakes.consume("handshake");
      next();
    } catch (refusal) {
      telemetry.error("CONNECTION_RATE_LIMITED");
      next(rateLimitedRefusal((refusal as { msBeforeNext: number }).msBeforeNext));
    }
  });

  io.use(async (socket, next) => {
    const token = socket.handshake.auth?.token;
    const caller = await resolveCaller({
      authorization: typeof token === "string" && token ? `Bearer ${token}` : null,
      cookie: socket.handshake.headers.cookie,
    }).catch(() => null);
    if (!caller) {
      telemetry.error("HANDSHAKE_REFUSED");
      log.info({ code: "HANDSHAKE_REFUSED", address: socket.handshake.address, withToken: typeof token === "string" });
      return next(new Error(HANDSHAKE_UNAUTHORIZED));
    }
    socket.data.caller = caller;
    socket.data.connectedAt = new Date().toISOString();
    next();
  });

  io.on("connection", async (socket: RealtimeSocket) => {
    const { caller } = socket.data;
    const transport = socket.conn.transport.name;
    const userRoom = rooms.user(caller.id);
    // A recovered socket is already back in its rooms: count only the user's other sockets.
    const firstSocket = ![...(io.of("/").adapter.rooms.get(userRoom) ?? [])].some((id) => id !== socket.id);
    // Rooms and listeners first and synchronously: a client may emit (or leave) the moment it connects.
    void socket.join([userRoom, rooms.role(caller.role)]);
    registerHandlers(socket as unknown as Socket, { caller, telemetry, stats }, cfg.realtime);
    const session = connectionSessions.open({ userId: caller.id, socketId: socket.id, node: cfg.nodeId, transport });
    socket.conn.once("upgrade", () => void session.then((id) => connectionSessions.upgrade(id, socket.conn.transport.name)));
    socket.on("disconnect", (reason) => {
      log.info({ code: "SOCKET_DISCONNECTED", userId: caller.id, socketId: socket.id, reason });
      void session.then((id) => connectionSessions.close(id));
      if (!io.of("/").adapter.rooms.get(userRoom)?.size) void announcePresence(caller.id);
    });

    if (firstSocket) void announcePresence(caller.id);
    log.info({ code: socket.recovered ? "SOCKET_RECOVERED" : "SOCKET_CONNECTED", userId: caller.id, role: caller.role, socketId: socket.id, transport });
    const cursor = await latestEventId(db()).catch(() => 0);
    const data = { userId: caller.id, role: caller.role, node: cfg.nodeId, cursor };
    socket.emit("connected", { eventId: null, type: "connected", ts: new Date().toISOString(), data, ...data });
  });

  // Stats go to the admin room every 2 s, but only while someone is watching.
  const statsTimer = setInterval(async () => {
    if (!io.of("/").adapter.rooms.get(rooms.admin)?.size) return;
    try {
      volatile("stats:updated", await stats(), [rooms.admin]);
    } catch (error) {
      log.warn({ err: error, code: "STATS_FAILED" });
    }
  }, STATS_INTERVAL_MS);
  statsTimer.unref();

  const hub: RealtimeHub = {
    publish(events) {
      for (const { envelope, targets } of events) emit(envelope, targets);
    },
    async countSockets(targets) {
      if (targets.includes(rooms.everyone)) return io.of("/").sockets.size;
      return (await io.in(targets).fetchSockets()).length;
    },
    stats,
    metrics: () => telemetry.metrics(),
    httpPoll: (userId) => telemetry.httpPoll(userId),
    metricsContentType: telemetry.contentType,
    async connections() {
      const sockets = await io.fetchSockets();
      return sockets.map((s) => ({
        socketId: s.id,
        userId: s.data.caller.id,
        userName: s.data.caller.name,
        role: s.data.caller.role,
        transport: transportOf(s.id),
        node: cfg.nodeId,
        connectedAt: s.data.connectedAt,
      }));
    },
    async connectionStatus(userId) {
      const sockets = await io.in(rooms.user(userId)).fetchSockets();
      const transports = { websocket: 0, polling: 0 };
      for (const s of sockets) transports[transportOf(s.id)]++;
      return { online: sockets.length > 0, sockets: sockets.length, transports };
    },
  };
  registerRealtimeHub(hub);
  void connectionSessions.closeStale(cfg.nodeId).catch(() => undefined);

  return {
    io,
    /** Stops accepting sockets and disconnects the ones there are; activity still queued is written first. */
    async close(): Promise<void> {
      clearInterval(statsTimer);
      await flushActivity();
      registerRealtimeHub(undefined);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
