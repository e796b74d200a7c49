import { describe, expect, it } from "vitest";
import { liveClient, useCluster } from "./support/cluster";
import { latestEventId, triggerAsService } from "./support/sockets";

/**
 * Two nodes write events at once, and clients are dropped at random moments and must catch
 * up by `sync` (session recovery off): every client ends with exactly its audience, none
 * missing, none twice. A node delivers to its sockets in event-id order, whichever node
 * wrote the event (lib/realtime/delivery-order.ts), so a client's newest id is a cursor that
 * skips nothing (docs/realtime.md, Missing nothing).
 */
describe("two nodes writing, clients dropped at random", () => {
  const cluster = useCluster({ nodes: 2, env: { REALTIME_RECOVERY_MS: "1" } });

  it("every client ends with exactly the events addressed to it, in id order, none twice", async () => {
    const [nodeA, nodeB] = cluster.nodes;
    const { client, client2 } = cluster.users;
    // Each starts from the newest event, as a page's render gives it.
    const from = { initialCursor: await latestEventId(nodeA) };
    const watchers = [
      { user: client, ...(await liveClient(client, nodeA, from)) },
      { user: client2, ...(await liveClient(client2, nodeB, from)) },
    ];
    const expected = new Map(watchers.map((w) => [w.user.user!.id, [] as number[]]));

    // Four writers, each sending 150 events alternately through node A and node B, to one
    // client or the other or both.
    let writing = true;
    const writers = Array.from({ length: 4 }, async (_, writer) => {
      for (let i = 0; i < 150; i++) {
        const to = [[client], [client2], [client, client2]][(writer + i) % 3].map((u) => u.user!.id);
        const sent = await triggerAsService(i % 2 ? nodeA : nodeB, { event: "test:order", data: { writer, i }, to: { users: to }, durable: true });
        for (const id of to) expected.get(id)!.push(sent.eventId!);
      }
    });
    // Meanwhile a client's connection drops every 20 to 60 ms (the transport closes under it).
    const dropper = (async () => {
      for (let round = 0; writing; round++) {
        watchers[round % 2].drop();
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    })();
    await Promise.all(writers);
    writing = false;
    await dropper;

    for (const watcher of watchers) {
      const want = expected.get(watcher.user.user!.id)!.sort((x, y) => x - y);
      await expect.poll(() => watcher.heard("test:order").length, { timeout: 30_000, message: "every event arrives" }).toBeGreaterThanOrEqual(want.length);
      // Not one more either (none twice), and in id order as shown.
      const heard = watcher.heard("test:order");
      expect(heard).toEqual(want);
      watcher.realtime.stop();
    }
  }, 120_000);
});
