import { describe, expect, it } from "vitest";
import type { Envelope } from "../../lib/realtime/protocol";
import { useServer } from "./support/fixtures";
import { DATABASES, TEST_SECRETS, type TestServer } from "./support/server";
import { latestEventId, realtimeClientFor, whenStatus } from "./support/sockets";

/**
 * Fault: the server process dies (kill -9) in the middle of a burst of durable events and is
 * started again. Every client that was connected reconnects by itself (the dashboards'
 * client, lib/realtime/client/) and ends with every event whose trigger was acknowledged,
 * in order, none twice. docs/resilience.md lists this test.
 */

const BURST = 1000;
/** The burst is sent by this many callers at once, each waiting for its answer. */
const SENDERS = 8;
/** The crash comes once this many events were acknowledged. */
const CRASH_AFTER = 300;
const EVERY_ROLE = ["CLIENT", "PROVIDER", "ADMIN", "STAFF"];

type Acknowledged = { seq: number; eventId: number };

/**
 * POSTs one durable trigger until it is acknowledged (202). A refused connection or a 5xx means
 * the server is down or restarting: ask again. Anything else is a bug and fails the test.
 */
async function triggerUntilAcknowledged(server: TestServer, seq: number): Promise<Acknowledged> {
  for (let attempt = 0; ; attempt++) {
    let answer: { status: number; text: string };
    try {
      const response = await fetch(`${server.url}/api/realtime/trigger`, {
        method: "POST",
        headers: { authorization: `Bearer ${TEST_SECRETS.INTERNAL_API_SECRET}`, "content-type": "application/json" },
        body: JSON.stringify({ event: "test:burst", data: { seq }, to: { roles: EVERY_ROLE }, durable: true }),
      });
      answer = { status: response.status, text: await response.text() };
    } catch {
      // The server is down (or died mid-answer): back off a little before asking again, as any caller would.
      await new Promise((resolve) => setTimeout(resolve, Math.min(500, 25 * 2 ** attempt)));
      continue;
    }
    if (answer.status === 202) return { seq, eventId: JSON.parse(answer.text).eventId as number };
    if (answer.status < 500) throw new Error(`trigger ${seq} answered ${answer.status}: ${answer.text}`);
  }
}

/** Sends `count` events from SENDERS callers; calls `onAcknowledged` with the running count. */
async function burst(server: TestServer, count: number, onAcknowledged: (acknowledged: number) => void) {
  const acknowledged: Acknowledged[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (next < count) {
        const ack = await triggerUntilAcknowledged(server, next++);
        acknowledged.push(ack);
        onAcknowledged(acknowledged.length);
      }
    }),
  );
  return acknowledged;
}

const durableIds = (received: Envelope[]) => received.filter((e) => e.eventId !== null).map((e) => e.eventId!);

describe.each(DATABASES)("kill -9 during a burst of durable events, on %s", (kind) => {
  const ctx = useServer(kind);

  it(
    "every connected client ends with all the acknowledged events, in order, none twice",
    async () => {
      const { server, users } = ctx;
      const cursor = await latestEventId(server);
      // Fast reconnection keeps the test short; the schedule is the same doubling with jitter.
      const watchers = await Promise.all(
        [users.client, users.client2, users.provider, users.provider2, users.admin, users.staff].map((user) =>
          realtimeClientFor(user, { initialCursor: cursor, reconnectDelayMs: 100, reconnectDelayMaxMs: 1000 }),
        ),
      );
      let crash: Promise<void> | null = null;
      try {
        let acknowledgedBeforeCrash = 0;
        const acknowledged = await burst(server, BURST, (count) => {
          if (count < CRASH_AFTER || crash) return;
          acknowledgedBeforeCrash = count;
          crash = server.kill().then(() => server.resume());
        });
        await crash;
        expect(acknowledgedBeforeCrash, "the crash came in the middle of the burst").toBeLessThan(BURST);
        expect(acknowledged).toHaveLength(BURST);

        const wanted = acknowledged.map((a) => a.eventId);
        for (const [i, watcher] of watchers.entries()) {
          expect(watcher.statuses, `client ${i} lost its connection in the crash`).toContain("offline");
          await whenStatus(watcher.realtime, "live");
          await expect
            .poll(() => {
              const have = new Set(durableIds(watcher.received));
              return wanted.filter((id) => !have.has(id));
            }, { timeout: 30_000, message: `client ${i} (${watcher.statuses.join(" > ")}): acknowledged events missing` })
            .toEqual([]);
          const ids = durableIds(watcher.received);
          const outOfOrder = ids.findIndex((id, at) => at > 0 && id <= ids[at - 1]);
          expect(outOfOrder, `client ${i}: eventId ${ids[outOfOrder]} came after ${ids[outOfOrder - 1]}`).toBe(-1);
        }
      } finally {
        for (const watcher of watchers) watcher.stop();
        await crash; // a failed burst still lets the restart finish before the server is stopped
      }
    },
    120_000,
  );
});
