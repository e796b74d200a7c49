import { describe, expect, it } from "vitest";
import type { ConnectionInfo } from "@/lib/realtime/hub";
import type { Stats } from "@/lib/realtime/protocol";
import { countingTheViewer, THIS_PAGE_SOCKET } from "./counting-the-viewer";

const staff = { id: "u-staff", email: "staff@demo.test", name: "Sam Staff", role: "STAFF" as const };
const percentiles = { p50: 0, p95: 0, p99: 0 };

const stats = {
  nodes: [{ id: "node-a", connections: 2, startedAt: "2026-01-01T00:00:00.000Z" }],
  connections: 2,
  users: 2,
  rooms: {},
  byRole: { CLIENT: 1, PROVIDER: 1 },
  transports: { websocket: 1, polling: 1 },
  eventsPerMinute: 0,
  deliveryLatencyMs: percentiles,
  uptimeS: 5,
  clients: { reports: 0, connectMs: percentiles, reconnectsPerMinute: 0, transportChangesPerMinute: 0, pollingRoundsPerMinute: 0, pollingClients: 1, totalClients: 2, pollingShare: 0.5 },
  retention: {} as Stats["retention"],
} satisfies Stats;

const socket = (userId: string, role: string): ConnectionInfo => ({
  socketId: `s-${userId}`,
  userId,
  userName: userId,
  role,
  transport: "websocket",
  node: "node-a",
  connectedAt: "2026-01-01T00:00:01.000Z",
});

describe("countingTheViewer", () => {
  it("counts the page's own coming socket: one more connection, person, of the viewer's role, on WebSocket", () => {
    const seen = countingTheViewer(stats, [socket("c", "CLIENT"), socket("p", "PROVIDER")], staff, new Date("2026-01-01T00:00:02.000Z"));
    expect(seen.stats).toMatchObject({
      connections: 3,
      users: 3,
      byRole: { CLIENT: 1, PROVIDER: 1, STAFF: 1 },
      transports: { websocket: 2, polling: 1 },
      nodes: [{ id: "node-a", connections: 3 }],
      clients: { totalClients: 3, pollingClients: 1, pollingShare: 1 / 3 },
    });
    expect(seen.connections.at(-1)).toEqual({
      socketId: THIS_PAGE_SOCKET,
      userId: "u-staff",
      userName: "Sam Staff",
      role: "STAFF",
      transport: "websocket",
      node: "node-a",
      connectedAt: "2026-01-01T00:00:02.000Z",
    });
  });

  it("is not one more person when another tab of the viewer is connected", () => {
    const seen = countingTheViewer(stats, [socket("c", "CLIENT"), socket("u-staff", "STAFF")], staff);
    expect(seen.stats.users).toBe(2);
    expect(seen.stats.connections).toBe(3);
    expect(seen.connections).toHaveLength(3);
  });
});
