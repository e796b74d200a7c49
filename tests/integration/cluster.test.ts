import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Stats } from "../../lib/realtime/protocol";
import { future } from "./support/api";
import { through, useCluster } from "./support/cluster";
import { serviceOf } from "./support/fixtures";
import type { TestServer } from "./support/server";
import { ask, connectAs, record, seenBeforeMarker, triggerAsService, useSockets, waitFor, type TestSocket } from "./support/sockets";

/**
 * Three nodes on one PostgreSQL database and the machine's Redis, behind nginx with the
 * reference configuration: what one node publishes reaches sockets on the others, long-polling
 * works through the load balancer, stats and the staff monitor count every node, and
 * scheduled work runs once for the cluster.
 */
describe("three nodes behind nginx", () => {
  const cluster = useCluster({ nodes: 3, nginx: true, env: { SCHEDULER_INTERVAL_MS: "200" } });
  const entry = () => cluster.nginx!;
  const nodeNamed = (id: string) => cluster.nodes[id.charCodeAt(id.length - 1) - 97];
  const otherThan = (id: string) => cluster.nodes.find((node) => node !== nodeNamed(id))!;
  // Sockets of every node close after each test; the next test starts once stats count none anywhere.
  const sockets = useSockets(() => cluster.nodes[0]);
  const viaNginx = (who: keyof typeof cluster.users, options: Parameters<typeof sockets.connect>[1] = {}) =>
    sockets.connect(through(cluster.users[who], entry()), { query: { affinity: randomUUID() }, ...options });

  it("delivers an event triggered on one node to a client connected through nginx to another", async () => {
    const { socket, connected } = await viaNginx("client");
    const trigger = otherThan(connected.node);
    const arrived = waitFor(socket, "cluster:hello");
    const { eventId, delivered } = await triggerAsService(trigger, { event: "cluster:hello", data: { from: "elsewhere" }, to: { users: [cluster.users.client.user!.id] } });
    const envelope = await arrived;
    expect(envelope.eventId).toBe(eventId);
    expect(envelope.data).toEqual({ from: "elsewhere" });
    // `delivered` counts the socket on the other node.
    expect(delivered).toBe(1);
  });

  it("serves long-polling clients through nginx: handshake, requests and events stay on one node", async () => {
    const { socket, connected } = await viaNginx("provider", { transports: ["polling"] });
    expect(socket.io.engine.transport.name).toBe("polling");
    // Several round trips over polling: each would fail with an unknown session on another node.
    for (let i = 0; i < 3; i++) {
      const answer = await ask(socket, "availability:get", {});
      expect(answer.ok).toBe(true);
    }
    const arrived = waitFor(socket, "cluster:polled");
    await triggerAsService(otherThan(connected.node), { event: "cluster:polled", to: { roles: ["PROVIDER"] } });
    expect((await arrived).type).toBe("cluster:polled");
  });

  it("keeps a polling client without an affinity id on one node by its address", async () => {
    const { socket } = await sockets.connect(through(cluster.users.client2, entry()), { transports: ["polling"] });
    for (let i = 0; i < 3; i++) expect((await ask(socket, "subscribe", { room: "admin" })).error.code).toBe("FORBIDDEN");
  });

  it("counts every node's sockets in stats and lists every node, whichever node is asked", async () => {
    const opened: TestSocket[] = [];
    // One socket on node-a, two on node-b, three on node-c, straight to each node.
    for (const [i, node] of cluster.nodes.entries()) {
      for (let n = 0; n <= i; n++) opened.push((await sockets.connect(through(cluster.users.staff, node))).socket);
    }
    for (const node of cluster.nodes) {
      const stats = await statsFrom(node);
      expect(stats.nodes.map((n) => [n.id, n.connections])).toEqual([["node-a", 1], ["node-b", 2], ["node-c", 3]]);
      expect(stats.connections).toBe(6);
      expect(stats.users).toBe(1);
      expect(stats.byRole.STAFF).toBe(6);
    }
    const monitor = await through(cluster.users.admin, cluster.nodes[1]).get("/api/realtime/connections");
    expect(monitor.status).toBe(200);
    const byNode = monitor.body.connections.reduce((acc: Record<string, number>, row: { node: string }) => ({ ...acc, [row.node]: (acc[row.node] ?? 0) + 1 }), {});
    expect(byNode).toEqual({ "node-a": 1, "node-b": 2, "node-c": 3 });
    const status = await through(cluster.users.staff, cluster.nodes[0]).get("/api/realtime/connection-status");
    expect(status.body).toMatchObject({ online: true, sockets: 6, transports: { websocket: 6, polling: 0 } });
    expect(opened).toHaveLength(6);
  });

  it("gives durable events ids that grow in commit order whichever node writes them", async () => {
    const { socket } = await sockets.connect(cluster.users.admin);
    const seen = record(socket);
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        triggerAsService(cluster.nodes[i % 3], { event: "cluster:ordered", data: { i }, to: { roles: ["ADMIN"] } }),
      ),
    );
    const ids = replies.map((r) => r.eventId!);
    expect(new Set(ids).size).toBe(30);
    const [before] = await seenBeforeMarker(cluster.nodes[0], [{ socket, seen }]);
    const received = before.filter((e) => e.type === "cluster:ordered").map((e) => e.payload.eventId);
    expect([...received].sort((a, b) => a! - b!)).toEqual([...ids].sort((a, b) => a - b));
    // Catch-up reads them back in id order, whichever node answers.
    const sync = await ask(socket, "sync", { since: Math.min(...ids) - 1, limit: 1000 });
    const synced = sync.events.filter((e: { type: string }) => e.type === "cluster:ordered").map((e: { eventId: number }) => e.eventId);
    expect(synced).toEqual([...ids].sort((a, b) => a - b));
  });

  it("expires holds once while three schedulers run: one `expired` event each", async () => {
    const service = await serviceOf(cluster.users);
    const bookingIds: string[] = [];
    for (const who of ["client", "client2"] as const) {
      const created = await cluster.users[who].post("/api/bookings", { serviceId: service.id, scheduledAt: future() });
      expect(created.status).toBe(201);
      bookingIds.push(created.body.booking.id);
    }
    // The provider listens on node-b, an admin on node-c: each hears every expiry once.
    const watched = await Promise.all(
      [through(cluster.users.provider, cluster.nodes[1]), through(cluster.users.admin, cluster.nodes[2])].map(async (client) => {
        const { socket } = await sockets.connect(client);
        if (client.user!.role === "ADMIN") expect((await ask(socket, "subscribe", { room: "admin" })).ok).toBe(true);
        return { socket, seen: record(socket) };
      }),
    );
    const isExpiry = (e: { data: unknown }, id?: string) => {
      const data = e.data as { action?: string; booking?: { id: string } };
      return data.action === "expired" && (id === undefined || data.booking?.id === id);
    };
    const expiries = watched.flatMap(({ socket }) => bookingIds.map((id) => waitFor(socket, "booking:updated", (e) => isExpiry(e, id), 10_000)));
    await cluster.database.query(`UPDATE "Booking" SET "holdExpiresAt" = now() - interval '1 minute' WHERE id = ANY($1)`, [bookingIds]);
    await Promise.all(expiries);
    for (const seen of await seenBeforeMarker(cluster.nodes[0], watched)) {
      const heard = seen.filter((e) => e.type === "booking:updated" && isExpiry(e.payload)).map((e) => (e.payload.data as { booking: { id: string } }).booking.id);
      expect(heard.sort()).toEqual([...bookingIds].sort());
    }
    for (const id of bookingIds) {
      const [{ n }] = await cluster.database.query<{ n: string }>(
        `SELECT count(*) AS n FROM "Event" WHERE type = 'booking:updated' AND payload LIKE '%"action":"expired"%' AND payload LIKE $1`,
        [`%${id}%`],
      );
      expect(Number(n)).toBe(1);
    }
  });

  it("writes the node id into every log line", () => {
    for (const [i, node] of cluster.nodes.entries()) {
      const lines = node.logs().split("\n").filter((line) => line.startsWith("{"));
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(JSON.parse(line).node).toBe(`node-${String.fromCharCode(97 + i)}`);
    }
  });

  async function statsFrom(node: TestServer): Promise<Stats> {
    const reply = await through(cluster.users.admin, node).get("/api/realtime/stats");
    expect(reply.status).toBe(200);
    return reply.body;
  }
});
