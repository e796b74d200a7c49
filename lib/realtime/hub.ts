import type { Envelope } from "../domain/events";

/**
 * The seam between the domain and the realtime server. Route handlers and the scheduler
 * never import Socket.IO: they hand committed events to whatever hub server.ts registered
 * here. Next bundles route handlers apart from server.ts, so the hub lives on globalThis.
 * Without a hub (scripts, unit tests) publishing does nothing: the durable rows are
 * already written, and clients catch up from them.
 */
export type RealtimeHub = {
  /** Committed durable events, in id order, each with the audience keys it goes to. */
  publish(events: { envelope: Envelope; targets: string[] }[]): void;
};

const globalForHub = globalThis as unknown as { switchboardRealtimeHub?: RealtimeHub };

export function realtimeHub(): RealtimeHub | undefined {
  return globalForHub.switchboardRealtimeHub;
}

export function registerRealtimeHub(hub: RealtimeHub | undefined): void {
  globalForHub.switchboardRealtimeHub = hub;
}
