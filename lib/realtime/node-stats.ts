import { zeroRemoved, type RetentionReport } from "../domain/retention";
import type { LoggedEvent } from "./delivery-order";
import type { ConnectionInfo } from "./hub";
import type { Stats } from "./protocol";
import { summarizeWindows, type TelemetryWindow, type Transports } from "./telemetry";

export type { Transports };

/**
 * One node's share of the Stats object: what only it can count (its sockets, their rooms
 * and transports, what it published). Each node answers with its own; `mergeNodeStats`
 * adds them up into the cluster-wide Stats the contract describes.
 */
export type NodeStats = {
  id: string;
  startedAt: string;
  connections: number;
  byRole: Record<string, number>;
  transports: Transports;
  /** Sockets per room, leaving out each socket's own room and the `user:` rooms. */
  rooms: Record<string, number>;
  /** Users with a socket here: a user on two nodes is one user. */
  userIds: string[];
  telemetry: TelemetryWindow;
  /** What this node's clean-up has done since it started. */
  retention: RetentionReport;
};

/**
 * The questions a node asks every other node over the adapter (Socket.IO server-side
 * events with an acknowledgement). A node that does not answer in time is left out.
 */
export type NodeQuestions = {
  "node:stats": (answer: (stats: NodeStats) => void) => void;
  "node:connections": (answer: (connections: ConnectionInfo[]) => void) => void;
  /** How many of this node's sockets the audience keys reach, by transport. */
  "node:reach": (targets: string[], answer: (reach: Transports) => void) => void;
  /** The user signed out everywhere at `revokedAt` (ms): refuse their older credentials from now on. */
  "node:revoked": (userId: string, revokedAt: number, answer: (noted: boolean) => void) => void;
  /** Durable events another node wrote, for this node's sockets (in id order: lib/realtime/delivery-order.ts). */
  "node:events": (events: LoggedEvent[]) => void;
};

const add = (into: Record<string, number>, from: Record<string, number>) => {
  for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
};

export function mergeNodeStats(nodes: NodeStats[]): Stats {
  const byRole: Record<string, number> = { CLIENT: 0, PROVIDER: 0, ADMIN: 0, STAFF: 0 };
  const transports: Transports = { websocket: 0, polling: 0 };
  const rooms: Record<string, number> = {};
  const users = new Set<string>();
  for (const node of nodes) {
    add(byRole, node.byRole);
    add(transports, node.transports);
    add(rooms, node.rooms);
    for (const id of node.userIds) users.add(id);
  }
  const sorted = [...nodes].sort((a, b) => a.id.localeCompare(b.id));
  const oldestStart = Math.min(...nodes.map((n) => Date.parse(n.startedAt)));
  return {
    nodes: sorted.map(({ id, connections, startedAt }) => ({ id, connections, startedAt })),
    connections: nodes.reduce((sum, n) => sum + n.connections, 0),
    users: users.size,
    rooms,
    byRole,
    transports,
    ...summarizeWindows(nodes.map((n) => n.telemetry), transports),
    // The cluster has been serving since its longest-running node started.
    uptimeS: Math.round((Date.now() - oldestStart) / 1000),
    retention: mergeRetention(nodes.map((n) => n.retention)),
  };
}

/**
 * Whichever node won the scheduler's lock ran the clean-up: the latest run is the
 * cluster's last run, the totals add up, and the floor is the highest any node trimmed to.
 */
function mergeRetention(reports: RetentionReport[]): RetentionReport {
  const latest = reports.reduce((a, b) => ((b.lastRunAt ?? "") > (a.lastRunAt ?? "") ? b : a));
  const removedTotal = zeroRemoved();
  for (const report of reports) add(removedTotal, report.removedTotal);
  return {
    runs: reports.reduce((total, r) => total + r.runs, 0),
    lastRunAt: latest.lastRunAt,
    lastRemoved: latest.lastRemoved,
    removedTotal,
    eventLogFloor: Math.max(...reports.map((r) => r.eventLogFloor)),
  };
}

export function sumReach(reaches: Transports[]): Transports {
  const total: Transports = { websocket: 0, polling: 0 };
  for (const reach of reaches) add(total, reach);
  return total;
}
