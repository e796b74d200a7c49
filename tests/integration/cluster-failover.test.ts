import { randomUUID } from "node:crypto";
import { io } from "socket.io-client";
import { describe, expect, it } from "vitest";
import type { ConnectedPayload, Stats } from "../../lib/realtime/protocol";
import { liveClient, through, useCluster } from "./support/cluster";
import type { TestServer } from "./support/server";
import { ask, triggerAsService, waitFor, type TestSocket } from "./support/sockets";

/**
 * Three nodes behind nginx; one is killed (SIGKILL, no goodbye) in the middle of a stream of
 * events. Its clients reconnect through nginx to the nodes left and catch up: every event
 * reaches every client's listeners once, nothing lost and nothing twice. Then one is stopped
 * (SIGTERM, gracefully): its clients resume their sessions on the node left, and `sync` gives
 * them the durable events of the handover (durable events reach each node's sockets in
 * order, outside Socket.IO's replay: docs/realtime.md, Missing nothing).
 */
describe("a node killed in the middle of a stream of events", () => {
  const cluster = useCluster({ nodes: 3, nginx: true });

  const statsFrom = async (node: TestServer): Promise<Stats> => (await through(cluster.users.admin, node).get("/api/realtime/stats")).body;

  it("moves its clients to the other nodes, which catch them up with nothing lost and nothing twice", { timeout: 60_000 }, async () => {
    const people = ["client", "client2", "provider", "provider2", "admin", "staff"] as const;
    // The browser's own client, each with its random affinity id, through nginx.
    const clients = await Promise.all(people.map((who) => liveClient(cluster.users[who], cluster.nginx!)));
    try {
      const rows: { node: string }[] = (await through(cluster.users.admin, cluster.nodes[0]).get("/api/realtime/connections")).body.connections;
      const perNode = cluster.nodes.map((_, i) => rows.filter((row) => row.node === `node-${String.fromCharCode(97 + i)}`).length);
      // The busiest node dies; events are triggered through another.
      const victim = perNode.indexOf(Math.max(...perNode));
      const survivors = cluster.nodes.filter((_, i) => i !== victim);
      expect(perNode[victim]).toBeGreaterThan(0);

      const sent: number[] = [];
      for (let i = 0; i < 20; i++) {
        if (i === 7) await cluster.nodes[victim].kill();
        const { eventId } = await triggerAsService(survivors[i % 2], { event: "stream:tick", data: { i }, to: { roles: ["CLIENT", "PROVIDER", "ADMIN", "STAFF"] } });
        sent.push(eventId!);
      }

      for (const [i, { heard }] of clients.entries()) {
        const missing = () => sent.filter((id) => !heard("stream:tick").includes(id));
        await expect.poll(missing, { timeout: 20_000, message: `${people[i]} heard every event` }).toEqual([]);
      }
      const expected = [...sent].sort((a, b) => a - b);
      for (const { heard } of clients) expect([...heard("stream:tick")].sort((a, b) => a - b)).toEqual(expected);

      // The nodes left count every client, and the dead node is gone from their list.
      await expect
        .poll(async () => {
          const stats = await statsFrom(survivors[0]);
          return { nodes: stats.nodes.length, connections: stats.connections };
        }, { timeout: 10_000 })
        .toEqual({ nodes: 2, connections: people.length });
    } finally {
      for (const { realtime } of clients) realtime.stop();
    }
  });

  it("stops gracefully on SIGTERM: its clients resume their sessions on another node and catch up, missing nothing", async () => {
    const alive = [];
    for (const node of cluster.nodes) if (await fetch(`${node.url}/api/health`).then((r) => r.ok, () => false)) alive.push(node);
    expect(alive.length).toBeGreaterThanOrEqual(2);
    const socket: TestSocket = io(cluster.nginx!.url, {
      path: "/socket.io",
      auth: { token: cluster.users.client.token },
      query: { affinity: randomUUID() },
      transports: ["websocket"],
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
      forceNew: true,
    });
    try {
      const first = await waitFor<ConnectedPayload>(socket, "connected");
      const stopping = alive.find((node) => node.url === cluster.nodes[first.node.charCodeAt(first.node.length - 1) - 97].url)!;
      const staying = alive.find((node) => node !== stopping)!;
      // A broadcast first, so the client holds an offset to resume from.
      const before = waitFor(socket, "handover:tick");
      await triggerAsService(staying, { event: "handover:tick", data: { n: 1 }, to: { roles: ["CLIENT"] } });
      const seen = (await before).eventId!;

      const moved = waitFor<ConnectedPayload>(socket, "connected", () => true, 15_000);
      // An event published while the node stops and its client moves: live or by `sync`, it arrives.
      const halted = stopping.halt();
      const { eventId } = await triggerAsService(staying, { event: "handover:tick", data: { n: 2 }, to: { roles: ["CLIENT"] } });
      await halted;
      expect(stopping.logs()).toContain('"code":"SERVER_STOPPED"');
      expect((await moved).node).not.toBe(first.node);
      expect(socket.recovered).toBe(true);
      const missed = await ask(socket, "sync", { since: seen });
      expect(missed.events.map((e: { eventId: number }) => e.eventId)).toContain(eventId);
    } finally {
      socket.disconnect();
    }
  });
});
