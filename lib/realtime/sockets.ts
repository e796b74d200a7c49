import { isRevokedNow } from "../auth/revocation";
import { config } from "../config";
import { standingRooms } from "../domain/catch-up";
import { eventLog } from "../db/event-log/event-log";
import { logger } from "../logger";
import { clusterReach, clusterStats } from "./cluster-wide";
import { clientEventListener } from "./handlers";
import type { Admissions } from "./handshake";
import type { RealtimeNode, RealtimeSocket } from "./node";
import { connectionSessions, counterpartsOf } from "./presence";
import type { Publisher } from "./publishing";
import { rooms } from "./rooms";

/** Socket.IO's advice for memory per connection ("How to reduce memory usage"), after our own middleware has used the request. */
function dropHandshakeRequest(socket: RealtimeSocket): void {
  (socket.conn as { request: unknown }).request = null;
}

/**
 * Every admitted socket: it joins `user:<id>`, `role:<ROLE>` and its standing rooms, gets
 * the client events' listener, opens its connection session, and hears `connected`; its
 * counterparts hear when the user comes online or leaves (on any node).
 */
export function serveSockets(node: RealtimeNode, admitting: Admissions, publisher: Pick<Publisher, "volatile">): void {
  const { io, nodeId } = node;
  const log = logger();
  const onClientEvent = clientEventListener({ telemetry: node.telemetry, stats: () => clusterStats(node) }, config().realtime);

  /**
   * Tells counterparts whether the user is online now, on any node; read after the query,
   * so the last word is the truth.
   */
  async function announcePresence(userId: string): Promise<void> {
    try {
      const counterparts = await counterpartsOf(userId);
      const sockets = await clusterReach(node, [rooms.user(userId)]);
      const online = sockets.websocket + sockets.polling > 0;
      publisher.volatile("presence:updated", { userId, online }, [...counterparts.map(rooms.user), rooms.admin]);
    } catch (error) {
      log.warn({ err: error, code: "PRESENCE_FAILED", userId });
    }
  }

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
    const session = connectionSessions.open({ userId: caller.id, socketId: socket.id, node: nodeId, transport });
    socket.data.session = session;
    if (transport === "polling") {
      node.pollingSockets.add(socket.id);
      socket.conn.once("upgrade", () => {
        node.pollingSockets.delete(socket.id);
        connectionSessions.upgrade(session, socket.conn.transport.name);
      });
      socket.once("disconnect", () => node.pollingSockets.delete(socket.id));
    }
    socket.on("disconnect", onDisconnect);

    if (firstSocket) void announcePresence(caller.id);
    log.info({ code: socket.recovered ? "SOCKET_RECOVERED" : "SOCKET_CONNECTED", userId: caller.id, role: caller.role, socketId: socket.id, transport });
    const [cursor, epoch] = await Promise.all([eventLog().cursor().catch(() => 0), eventLog().epoch().catch(() => null)]);
    const data = { userId: caller.id, role: caller.role, node: nodeId, cursor, epoch };
    socket.emit("connected", { eventId: null, type: "connected", ts: new Date().toISOString(), data, ...data });
  });
}
