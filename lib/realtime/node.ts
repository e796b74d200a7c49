import type { Server, Socket } from "socket.io";
import type { Caller } from "../auth/identity";
import { noteRevocation } from "../auth/revocation";
import { retentionReport } from "../domain/retention";
import type { ClusterLink } from "./cluster";
import type { ConnectionInfo } from "./hub";
import type { NodeQuestions, NodeStats, Transports } from "./node-stats";
import type { ClientToServerEvents, ServerToClientEvents } from "./protocol";
import { rooms } from "./rooms";
import type { Telemetry } from "./telemetry";

/** `session`: the id of the socket's ConnectionSession row; `signedInAt`: when its credential signed in (sign out everywhere). */
type SocketData = { caller: Caller; signedInAt: number | undefined; connectedAt: string; session: string };
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, NodeQuestions, SocketData>;
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, NodeQuestions, SocketData>;

/** The sockets on this node, as the connection count and the metrics split them. */
type SocketCounts = { byRole: Record<string, number>; transports: Transports };

/**
 * What the parts of the realtime server share, made once by `attachRealtime` and handed to
 * each: the Socket.IO server, this node's identity and telemetry, and its link to the others.
 */
export type RealtimeNode = {
  io: RealtimeServer;
  nodeId: string;
  startedAt: Date;
  telemetry: Telemetry;
  /** Undefined when this node runs alone (no REDIS_URL). */
  cluster: ClusterLink | undefined;
  /**
   * This node's sockets still on HTTP long-polling (few: most start on or upgrade to
   * WebSocket), so a socket's transport and an audience's split need no walk of every socket.
   */
  pollingSockets: Set<string>;
};

type LocalSockets = Pick<RealtimeNode, "io" | "pollingSockets">;

function transportOf({ pollingSockets }: LocalSockets, socketId: string): "websocket" | "polling" {
  return pollingSockets.has(socketId) ? "polling" : "websocket";
}

export function countConnections(node: LocalSockets): SocketCounts {
  const byRole: Record<string, number> = { CLIENT: 0, PROVIDER: 0, ADMIN: 0, STAFF: 0 };
  const transports = { websocket: 0, polling: 0 };
  for (const socket of node.io.of("/").sockets.values()) {
    byRole[socket.data.caller.role] = (byRole[socket.data.caller.role] ?? 0) + 1;
    transports[transportOf(node, socket.id)]++;
  }
  return { byRole, transports };
}

/** This node's share of the stats. */
export function localStats(node: RealtimeNode): NodeStats {
  const nsp = node.io.of("/");
  const roomCounts: Record<string, number> = {};
  const userIds: string[] = [];
  for (const [name, members] of nsp.adapter.rooms) {
    if (nsp.sockets.has(name)) continue; // a socket's own room
    if (name.startsWith("user:")) userIds.push(name.slice("user:".length));
    else roomCounts[name] = members.size;
  }
  return {
    id: node.nodeId,
    startedAt: node.startedAt.toISOString(),
    connections: nsp.sockets.size,
    ...countConnections(node),
    rooms: roomCounts,
    userIds,
    telemetry: node.telemetry.window(),
    retention: retentionReport(),
  };
}

export function localConnections(node: RealtimeNode): ConnectionInfo[] {
  return [...node.io.of("/").sockets.values()].map((s) => ({
    socketId: s.id,
    userId: s.data.caller.id,
    userName: s.data.caller.name,
    role: s.data.caller.role,
    transport: transportOf(node, s.id),
    node: node.nodeId,
    connectedAt: s.data.connectedAt,
  }));
}

/**
 * How many of this node's sockets the audience keys reach, by transport. Runs for every
 * trigger (its `delivered`), so one room is counted by its size, not by copying it.
 */
export async function localReach(node: LocalSockets, targets: string[]): Promise<Transports> {
  const nsp = node.io.of("/");
  const reached: { size: number; has(id: string): boolean } = targets.includes(rooms.everyone)
    ? nsp.sockets
    : targets.length === 1
      ? (nsp.adapter.rooms.get(targets[0]) ?? new Set<string>())
      : await nsp.adapter.sockets(new Set(targets));
  let polling = 0;
  for (const id of node.pollingSockets) if (reached.has(id)) polling++;
  return { websocket: reached.size - polling, polling };
}

/** This node's answers to the other nodes' questions (`node:events` is the delivery order's: lib/realtime/publishing.ts). */
export function answerOtherNodes(node: RealtimeNode): void {
  const { io } = node;
  io.on("node:stats", (answer) => answer(localStats(node)));
  io.on("node:connections", (answer) => answer(localConnections(node)));
  io.on("node:reach", (targets, answer) => void localReach(node, targets).then(answer));
  io.on("node:revoked", (userId, revokedAt, answer) => {
    noteRevocation(userId, revokedAt);
    answer(true);
  });
}
