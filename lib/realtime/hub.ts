import { services } from "../services";
import type { Envelope, Stats } from "./protocol";

/**
 * The seam between the domain and the realtime server. Route handlers and the scheduler
 * never import Socket.IO: they hand committed events to whatever hub the realtime server
 * registered in the services (lib/services.ts), and ask it for stats. Without a hub
 * (scripts, unit tests) publishing does nothing: the durable rows are already written, and
 * clients catch up from them.
 */
export type RealtimeHub = {
  /** Committed durable events (each with `prev`, as written) and volatile ones (a null id), each with its audience keys. */
  publish(events: { envelope: Envelope; targets: string[]; prev?: number }[]): void;
  /** How many sockets the audience keys reach. */
  countSockets(targets: string[]): Promise<number>;
  stats(): Promise<Stats>;
  metrics(): Promise<string>;
  metricsContentType: string;
  /** A user read events over the HTTP polling route (counts them among clients on polling). */
  httpPoll(userId: string): void;
  connectionStatus(userId: string): Promise<{ online: boolean; sockets: number; transports: { websocket: number; polling: number } }>;
  /** Every connected socket on every node, for the staff monitor. */
  connections(): Promise<ConnectionInfo[]>;
  /** This node's link to the other nodes through Redis; undefined when it runs alone (no REDIS_URL). */
  redis(): "up" | "down" | undefined;
  /** Sign out everywhere: every node refuses the user's credentials from before `revokedAt`, then their sockets are dropped on every node. */
  revokeUser(userId: string, revokedAt: Date): Promise<void>;
};

export type ConnectionInfo = {
  socketId: string;
  userId: string;
  userName: string;
  role: string;
  transport: "websocket" | "polling";
  node: string;
  connectedAt: string;
};

/** The running realtime hub, if this process has one. */
export function realtimeHub(): RealtimeHub | undefined {
  return services().hub;
}

/** Called by the realtime server when it starts (its hub) and stops (undefined). */
export function registerRealtimeHub(hub: RealtimeHub | undefined): void {
  services().hub = hub;
}
