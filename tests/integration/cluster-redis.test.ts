import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveClient, startRedis, through, useCluster, type TestRedis } from "./support/cluster";
import type { TestServer } from "./support/server";
import { connectAs, triggerAsService, waitFor } from "./support/sockets";

/**
 * Two nodes on a Redis of the test's own, restarted (killed, its data gone) in the middle of
 * a stream of events: each node keeps serving its own clients, says Redis is down in its
 * health and logs, reconnects by itself, and its clients catch up on what crossed nodes in
 * between, so nothing durable is lost.
 */
describe("a Redis restart in the middle of a stream of events", () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  const cluster = useCluster({ nodes: 2, redisUrl: () => redis.url });

  const redisOf = async (node: TestServer) => ((await (await fetch(`${node.url}/api/health`)).json()) as { redis?: string }).redis;

  it("loses nothing: events published on node B during the outage reach a client on node A after it", async () => {
    const [nodeA, nodeB] = cluster.nodes;
    const { realtime, heard } = await liveClient(cluster.users.client, nodeA);
    // A bare socket, to see the server's own signal (the browser client acts on it by itself).
    const { socket: bare } = await connectAs(through(cluster.users.client2, nodeA));
    try {
      const sent: number[] = [];
      const send = async (via: TestServer, count: number) => {
        for (let i = 0; i < count; i++) {
          const { eventId } = await triggerAsService(via, { event: "stream:tick", data: { i }, to: { roles: ["CLIENT"] } });
          sent.push(eventId!);
        }
      };
      const heardAll = (ids: number[]) => expect.poll(() => ids.every((id) => heard("stream:tick").includes(id)), { timeout: 15_000 }).toBe(true);

      await send(nodeB, 5);
      await heardAll(sent);

      await redis.stop();
      await expect.poll(() => Promise.all(cluster.nodes.map(redisOf)), { timeout: 10_000 }).toEqual(["down", "down"]);

      // Meanwhile node B's events reach only node B's sockets...
      const duringOutageOnB = sent.length;
      await send(nodeB, 5);
      const missedOnB = sent.slice(duringOutageOnB);
      // ...and node A keeps serving its own clients live.
      const duringOutageOnA = sent.length;
      await send(nodeA, 2);
      await heardAll(sent.slice(duringOutageOnA));
      expect(heard("stream:tick")).not.toContain(missedOnB[0]);

      const told = waitFor(bare, "sync:required", () => true, 15_000);
      await redis.restart();
      await expect.poll(() => Promise.all(cluster.nodes.map(redisOf)), { timeout: 15_000 }).toEqual(["up", "up"]);
      expect((await told).data).toMatchObject({ reason: "redis-recovered" });

      await send(nodeB, 5);
      await heardAll(sent);
      // Each durable event reached the client's listeners once, whichever way it came.
      expect([...heard("stream:tick")].sort((a, b) => a - b)).toEqual([...sent].sort((a, b) => a - b));

      for (const node of cluster.nodes) {
        expect(node.logs()).toContain('"code":"REDIS_UNAVAILABLE"');
        expect(node.logs()).toContain('"code":"REDIS_RECOVERED"');
      }
    } finally {
      realtime.stop();
      bare.disconnect();
    }
  });
});
