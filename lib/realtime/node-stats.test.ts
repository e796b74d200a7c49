import { describe, expect, it } from "vitest";
import { mergeNodeStats, sumReach, type NodeStats } from "./node-stats";
import type { TelemetryWindow } from "./telemetry";

const window = (overrides: Partial<TelemetryWindow> = {}): TelemetryWindow => ({ published: 0, latenciesMs: [], clientReports: [], httpPollers: [], ...overrides });
const removed = (n: number) => ({ events: n, sessions: n, activity: n, notifications: n, signIns: n });

const node = (id: string, overrides: Partial<NodeStats> = {}): NodeStats => ({
  id,
  startedAt: "2026-01-01T00:00:00.000Z",
  connections: 0,
  byRole: { CLIENT: 0, PROVIDER: 0, ADMIN: 0, STAFF: 0 },
  transports: { websocket: 0, polling: 0 },
  rooms: {},
  userIds: [],
  telemetry: window(),
  retention: { runs: 0, lastRunAt: null, lastRemoved: removed(0), removedTotal: removed(0), eventLogFloor: 0 },
  ...overrides,
});

describe("mergeNodeStats", () => {
  it("adds up every node's sockets, rooms, roles and transports, and lists the nodes by id", () => {
    const stats = mergeNodeStats([
      node("node-b", { connections: 2, byRole: { CLIENT: 2 }, transports: { websocket: 1, polling: 1 }, rooms: { admin: 1, "role:CLIENT": 2 }, userIds: ["u1", "u2"] }),
      node("node-a", { connections: 1, byRole: { CLIENT: 1 }, transports: { websocket: 1, polling: 0 }, rooms: { "role:CLIENT": 1 }, userIds: ["u1"] }),
    ]);
    expect(stats.nodes.map((n) => [n.id, n.connections])).toEqual([["node-a", 1], ["node-b", 2]]);
    expect(stats.connections).toBe(3);
    expect(stats.byRole).toEqual({ CLIENT: 3, PROVIDER: 0, ADMIN: 0, STAFF: 0 });
    expect(stats.transports).toEqual({ websocket: 2, polling: 1 });
    expect(stats.rooms).toEqual({ admin: 1, "role:CLIENT": 3 });
    // u1 has sockets on both nodes: one user.
    expect(stats.users).toBe(2);
  });

  it("sums what each node published and takes latency percentiles over every node's samples", () => {
    const stats = mergeNodeStats([
      node("node-a", { telemetry: window({ published: 3, latenciesMs: [1, 2, 3] }) }),
      node("node-b", { telemetry: window({ published: 2, latenciesMs: [100, 200] }) }),
    ]);
    expect(stats.eventsPerMinute).toBe(5);
    expect(stats.deliveryLatencyMs).toEqual({ p50: 3, p95: 200, p99: 200 });
  });

  it("merges browsers' reports from every node and counts a user polling two nodes once", () => {
    const report = (connectMs: number) => ({ connectMs, reconnectAttempts: 1, transportChanges: 0, pollingRounds: 2 });
    const stats = mergeNodeStats([
      node("node-a", { transports: { websocket: 2, polling: 0 }, telemetry: window({ clientReports: [report(10), report(20)], httpPollers: ["u1"] }) }),
      node("node-b", { transports: { websocket: 1, polling: 1 }, telemetry: window({ clientReports: [report(300)], httpPollers: ["u1", "u2"] }) }),
    ]);
    expect(stats.clients).toMatchObject({ reports: 3, reconnectsPerMinute: 3, pollingRoundsPerMinute: 6, pollingClients: 3, totalClients: 6, pollingShare: 0.5 });
    expect(stats.clients.connectMs).toEqual({ p50: 20, p95: 300, p99: 300 });
  });

  it("takes the clean-up's last run from the node that ran it last, and adds up what every node removed", () => {
    const stats = mergeNodeStats([
      node("node-a", { retention: { runs: 2, lastRunAt: "2026-01-01T10:00:00.000Z", lastRemoved: removed(1), removedTotal: removed(5), eventLogFloor: 40 } }),
      node("node-b", { retention: { runs: 1, lastRunAt: "2026-01-01T11:00:00.000Z", lastRemoved: removed(2), removedTotal: removed(2), eventLogFloor: 90 } }),
    ]);
    expect(stats.retention).toEqual({ runs: 3, lastRunAt: "2026-01-01T11:00:00.000Z", lastRemoved: removed(2), removedTotal: removed(7), eventLogFloor: 90 });
  });

  it("reports the longest-running node's uptime", () => {
    const now = Date.now();
    const stats = mergeNodeStats([
      node("node-a", { startedAt: new Date(now - 60_000).toISOString() }),
      node("node-b", { startedAt: new Date(now - 5_000).toISOString() }),
    ]);
    expect(stats.uptimeS).toBeGreaterThanOrEqual(60);
  });
});

describe("sumReach", () => {
  it("adds every node's sockets by transport", () => {
    expect(sumReach([{ websocket: 2, polling: 1 }, { websocket: 0, polling: 3 }])).toEqual({ websocket: 2, polling: 4 });
  });
});
