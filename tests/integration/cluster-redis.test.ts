import { describe, expect, it } from "vitest";
import { liveClient, through, useCluster, useRedis } from "./support/cluster";
import { startProxy } from "./support/proxy";
import type { TestServer } from "./support/server";
import { connectAs, triggerAsService, waitFor, whenStatus } from "./support/sockets";

const redisOf = async (node: TestServer) => ((await (await fetch(`${node.url}/api/health`)).json()) as { redis?: string }).redis;

/**
 * Two nodes on a Redis of the test's own, restarted (killed, its data gone) in the middle of
 * a stream of events: each node keeps serving its own clients, says Redis is down in its
 * health and logs, reconnects by itself, and its clients get what crossed nodes in between
 * (a node reads another's events from the log when its own show they are owed; clients are
 * told to `sync` when Redis is back), so nothing durable is lost; and when what crossed nodes is no longer kept, they
 * reload once and go on from there.
 */
describe("a Redis restart in the middle of a stream of events", () => {
  const redis = useRedis();
  const cluster = useCluster({ nodes: 2, redisUrl: () => redis.url });

  it("loses nothing: events published on node B during the outage reach a client on node A, in order", async () => {
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

      // Meanwhile node B's events do not cross to node A...
      const duringOutageOnB = sent.length;
      await send(nodeB, 5);
      // ...but node A's own next events show they come first: node A reads them from the log
      // and delivers them, in order, before its own (lib/realtime/delivery-order.ts).
      await send(nodeA, 2);
      await heardAll(sent.slice(duringOutageOnB));
      const inOrder = heard("stream:tick");
      expect(inOrder).toEqual([...inOrder].sort((a, b) => a - b));

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
        // What the adapter sent while Redis was away failed where someone was looking.
        expect(node.logs()).not.toContain('"code":"UNHANDLED_REJECTION"');
      }
    } finally {
      realtime.stop();
      bare.disconnect();
    }
  });
});

describe("a Redis outage whose events the log no longer keeps", () => {
  const redis = useRedis();
  // A cluster of its own, so only the event this test publishes is unshared: one `sync:required`.
  // No session recovery: a reconnected socket catches up with `sync`.
  const cluster = useCluster({ nodes: 2, redisUrl: () => redis.url, env: { REALTIME_RECOVERY_MS: "0" } });

  it("reloads once, then catches up from the cursor the reload gave, not from before it again", async () => {
    const [nodeA, nodeB] = cluster.nodes;
    const { users, database } = cluster;
    const proxy = await startProxy(nodeA);
    const { realtime, heard } = await liveClient(users.client, proxy);
    let reloads = 0;
    realtime.onResync(() => reloads++);
    const tick = () => triggerAsService(nodeB, { event: "stream:tick", data: {}, to: { roles: ["CLIENT"] } });
    try {
      // Node A reads node B's broadcasts from the stream: it has an offset to resume from after the outage.
      const { eventId: shared } = await tick();
      await expect.poll(() => heard("stream:tick")).toEqual([shared]);

      await redis.stop();
      await expect.poll(() => Promise.all(cluster.nodes.map(redisOf)), { timeout: 10_000 }).toEqual(["down", "down"]);
      const { eventId: unshared } = await tick();
      // The clean-up has trimmed the log through it (as after a long outage): a catch-up from before it is CURSOR_EXPIRED.
      await database.query(
        `INSERT INTO "EventLogTrim" (id, "throughEventId", "trimmedAt") VALUES (1, $1, now()) ON CONFLICT (id) DO UPDATE SET "throughEventId" = $1`,
        [unshared],
      );
      await redis.restart();
      await expect.poll(() => reloads, { timeout: 15_000, message: "sync:required from before the trim: the page reloads" }).toBe(1);

      // Later the connection drops, and the catch-up after it starts from the reload's cursor.
      proxy.setMode("down");
      proxy.cut();
      await whenStatus(realtime, "offline");
      const sockets = async () => (await through(users.client, nodeA).get("/api/realtime/connection-status")).body.sockets;
      await expect.poll(sockets, { message: "the nodes saw the drop" }).toBe(0);
      const { eventId: missed } = await triggerAsService(nodeA, { event: "stream:tock", data: {}, to: { roles: ["CLIENT"] } });
      proxy.setMode("open");

      await expect.poll(() => heard("stream:tock"), { timeout: 15_000 }).toEqual([missed]);
      expect(reloads, "no second reload").toBe(1);
    } finally {
      realtime.stop();
      await proxy.stop();
    }
  });
});
