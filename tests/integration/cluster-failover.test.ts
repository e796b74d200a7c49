import { describe, expect, it } from "vitest";
import type { Stats } from "../../lib/realtime/protocol";
import { liveClient, through, useCluster } from "./support/cluster";
import type { TestServer } from "./support/server";
import { triggerAsService } from "./support/sockets";

/**
 * Three nodes behind nginx; one is killed (SIGKILL, no goodbye) in the middle of a stream of
 * events. Its clients reconnect through nginx to the nodes left and catch up: every event
 * reaches every client's listeners once, nothing lost and nothing twice.
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

      for (const { heard } of clients) {
        await expect.poll(() => sent.every((id) => heard("stream:tick").includes(id)), { timeout: 20_000 }).toBe(true);
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
});
