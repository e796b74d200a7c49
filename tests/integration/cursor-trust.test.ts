import { afterEach, describe, expect, it } from "vitest";
import { useServer } from "./support/fixtures";
import { DATABASES } from "./support/server";
import { ask, connectAs, latestEventId, realtimeClientFor, triggerAsService, whenStatus } from "./support/sockets";

/**
 * A cursor is a place in one event log. One this log never issued (corrupt, or from a
 * database that was reset or replaced) is refused instead of trusted, and every answer names
 * the log's epoch, so a client holding a cursor of another log starts over rather than
 * waiting for ids that mean other events here (docs/realtime.md, Catch-up).
 */
describe.each(DATABASES)("cursors this log never issued, on %s", (kind) => {
  const ctx = useServer(kind);

  it("a cursor past the newest event is CURSOR_INVALID over sync and the polling route; every answer names the epoch", async () => {
    const { server, users } = ctx;
    const { socket, connected } = await connectAs(users.client);
    try {
      expect(connected.epoch).toMatch(/^[0-9a-f]{32}$/);
      const newest = await latestEventId(server);

      const refused = await ask(socket, "sync", { since: 999_999_999 });
      expect(refused).toMatchObject({ ok: false, error: { code: "CURSOR_INVALID", cursor: newest, epoch: connected.epoch } });
      const polled = await users.client.get("/api/realtime/events?since=999999999");
      expect(polled.status).toBe(400);
      expect(polled.body.error).toMatchObject({ code: "CURSOR_INVALID", field: "since", cursor: newest, epoch: connected.epoch });

      // The newest cursor itself is good, and so is every answer's epoch.
      expect(await ask(socket, "sync", { since: newest })).toMatchObject({ ok: true, events: [], cursor: newest, epoch: connected.epoch });
      expect((await users.client.get(`/api/realtime/events?since=${newest}`)).body).toMatchObject({ cursor: newest, epoch: connected.epoch });
    } finally {
      socket.close();
    }
  });
});

describe("a server that comes back on a new event log (sqlite)", () => {
  const ctx = useServer("sqlite");
  const stoppers: (() => void)[] = [];
  afterEach(() => stoppers.splice(0).forEach((stop) => stop()));

  /** The database's log begins again: no events, ids from 1, another epoch (as after a reset). */
  async function newLog() {
    await ctx.server.halt();
    for (const sql of [`DELETE FROM "EventTarget"`, `DELETE FROM "Event"`, `DELETE FROM "EventLogTrim"`, `DELETE FROM sqlite_sequence WHERE name IN ('Event', 'EventTarget')`]) {
      await ctx.server.query(sql);
    }
    await ctx.server.query(`UPDATE "EventLogEpoch" SET epoch = lower(hex(randomblob(16)))`);
    await ctx.server.resume();
  }
  const toClients = (event: string) => triggerAsService(ctx.server, { event, data: {}, to: { roles: ["CLIENT"] }, durable: true });

  for (const { shape, eventsBeforeReturn } of [
    { shape: "shorter than the client's cursor (CURSOR_INVALID)", eventsBeforeReturn: 0 },
    { shape: "already longer than the client's cursor (the epoch tells)", eventsBeforeReturn: 30 },
  ]) {
    it(`the client starts over once, shows none of the new log's old events as news, and misses nothing after: ${shape}`, async () => {
      const { server, users } = ctx;
      for (let i = 0; i < 5; i++) await toClients("test:old-log");
      const watcher = await realtimeClientFor(users.client, { initialCursor: await latestEventId(server), reconnectDelayMs: 100, reconnectDelayMaxMs: 300 });
      stoppers.push(watcher.stop);
      let resyncs = 0;
      watcher.realtime.onResync(() => resyncs++);
      const before = await toClients("test:before");
      await expect.poll(() => watcher.received.map((e) => e.eventId)).toContain(before.eventId);

      watcher.realtime.stop();
      await newLog();
      for (let i = 0; i < eventsBeforeReturn; i++) await toClients("test:while-away");
      watcher.realtime.start();
      await whenStatus(watcher.realtime, "live");
      await expect.poll(() => resyncs).toBe(1);

      const after = [await toClients("test:after"), await toClients("test:after")];
      await expect.poll(() => watcher.received.filter((e) => e.type === "test:after").map((e) => e.eventId)).toEqual(after.map((a) => a.eventId));
      expect(watcher.received.filter((e) => e.type === "test:while-away")).toEqual([]);
      expect(resyncs).toBe(1);
    }, 60_000);
  }
});
