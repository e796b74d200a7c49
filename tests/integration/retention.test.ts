import { describe, expect, it } from "vitest";
import { pendingBooking, useServer } from "./support/fixtures";
import { DATABASES, TEST_SECRETS, type TestServer } from "./support/server";
import { ask, triggerAsService, useSockets, waitFor } from "./support/sockets";

/**
 * The retention clean-up on both databases: rows are aged in the database itself, the
 * scheduler's clean-up runs (every 200 ms here, in batches of 3), and what is left is
 * exactly what is young enough or still needed, with catch-up intact after the trim.
 */
describe.each(DATABASES)("retention on %s", (kind) => {
  const ctx = useServer(kind, {
    SCHEDULER_INTERVAL_MS: "100",
    RETENTION_INTERVAL_MS: "200",
    RETENTION_BATCH_SIZE: "3",
    RETENTION_EVENTS_DAYS: "1",
    RETENTION_SESSIONS_DAYS: "1",
    RETENTION_ACTIVITY_DAYS: "1",
    RETENTION_NOTIFICATIONS_DAYS: "1",
  });
  const sockets = useSockets(() => ctx.server);

  /** Two days ago, in the form the database's adapter writes. */
  const twoDaysAgo = () => {
    const at = new Date(Date.now() - 2 * 86_400_000);
    return kind === "sqlite" ? at.toISOString().replace("Z", "+00:00") : at;
  };
  const ids = async (sql: string, params: unknown[] = []) => (await ctx.server.query<{ id: string | number }>(sql, params)).map((r) => String(r.id));

  type RetentionStats = { runs: number; eventLogFloor: number; removedTotal: Record<string, number> };
  async function retentionStats(server: TestServer): Promise<RetentionStats> {
    const response = await fetch(`${server.url}/api/realtime/stats`, { headers: { authorization: `Bearer ${TEST_SECRETS.INTERNAL_API_SECRET}` } });
    return ((await response.json()) as { retention: RetentionStats }).retention;
  }
  /** Resolves once a whole clean-up run has started and finished after this call. */
  async function nextFullRun(): Promise<RetentionStats> {
    const { runs } = await retentionStats(ctx.server);
    await expect.poll(async () => (await retentionStats(ctx.server)).runs, { timeout: 15_000, interval: 100 }).toBeGreaterThanOrEqual(runs + 2);
    return retentionStats(ctx.server);
  }

  it("removes only what is old enough, keeps catch-up complete from any newer cursor, and refuses an older one", async () => {
    const { server, users } = ctx;

    // Notifications: only the read, low-priority, old one may go.
    const notices: Record<string, string> = {};
    for (const name of ["oldReadLow", "oldUnreadLow", "oldReadMedium", "youngReadLow"]) {
      await triggerAsService(server, {
        event: "test:notice",
        to: { users: [users.client.user!.id] },
        notification: { title: name, priority: name.endsWith("Low") ? "low" : "medium" },
      });
      [notices[name]] = await ids(`SELECT id FROM "Notification" WHERE title = $1`, [name]);
    }
    await server.query(`UPDATE "Notification" SET "readAt" = $1 WHERE id IN ($2, $3, $4)`, [
      twoDaysAgo(),
      notices.oldReadLow,
      notices.oldReadMedium,
      notices.youngReadLow,
    ]);
    await server.query(`UPDATE "Notification" SET "createdAt" = $1 WHERE id IN ($2, $3, $4)`, [
      twoDaysAgo(),
      notices.oldReadLow,
      notices.oldUnreadLow,
      notices.oldReadMedium,
    ]);

    // Sessions: a long-closed one goes; a recently closed one and a still open (old) one stay.
    const closedLongAgo = await sockets.connect(users.provider);
    const closedRecently = await sockets.connect(users.provider2);
    const open = await sockets.connect(users.client);
    const [oldSessionSocket, recentSessionSocket, openSocket] = [closedLongAgo.socket.id!, closedRecently.socket.id!, open.socket.id!];
    closedLongAgo.socket.disconnect();
    closedRecently.socket.disconnect();
    await expect
      .poll(() => ids(`SELECT id FROM "ConnectionSession" WHERE "socketId" IN ($1, $2) AND "disconnectedAt" IS NOT NULL`, [oldSessionSocket, recentSessionSocket]))
      .toHaveLength(2);
    await server.query(`UPDATE "ConnectionSession" SET "connectedAt" = $1, "disconnectedAt" = $2 WHERE "socketId" = $3`, [twoDaysAgo(), twoDaysAgo(), oldSessionSocket]);
    await server.query(`UPDATE "ConnectionSession" SET "connectedAt" = $1 WHERE "socketId" = $2`, [twoDaysAgo(), openSocket]);

    // Activity: one aged report goes, a fresh one stays.
    for (const path of ["/client", "/client/bookings"]) {
      expect(await ask(open.socket, "activity:report", { kind: "page-view", path })).toEqual({ ok: true });
    }
    await expect.poll(() => ids(`SELECT id FROM "UserActivity" WHERE "userId" = $1`, [users.client.user!.id])).toHaveLength(2);
    const [oldActivity, youngActivity] = await ids(`SELECT id FROM "UserActivity" WHERE path IN ('/client', '/client/bookings') ORDER BY path`);
    await server.query(`UPDATE "UserActivity" SET "createdAt" = $1 WHERE id = $2`, [twoDaysAgo(), Number(oldActivity)]);

    // Sign-ins: one older than any credential lives goes, a young one stays (the file's own tokens' rows).
    const [[oldSignIn], [youngSignIn]] = await Promise.all(
      [users.provider, users.provider2].map((user) => ids(`SELECT id FROM "SignIn" WHERE "userId" = $1`, [user.user!.id])),
    );
    await server.query(`UPDATE "SignIn" SET "signedInAt" = $1 WHERE id = $2`, [twoDaysAgo(), oldSignIn]);

    // Events: everything so far is aged; two bookings afterwards are young.
    await pendingBooking(users);
    const [{ id: oldest }] = await server.query<{ id: number }>(`SELECT MIN(id) AS id FROM "Event"`);
    const [{ id: lastOld }] = await server.query<{ id: number }>(`SELECT MAX(id) AS id FROM "Event"`);
    await server.query(`UPDATE "Event" SET "createdAt" = $1 WHERE id <= $2`, [twoDaysAgo(), lastOld]);
    await pendingBooking(users);
    await pendingBooking(users, "client2");
    const youngEvents = await ids(`SELECT id FROM "Event" WHERE id > $1 ORDER BY id`, [lastOld]);
    expect(youngEvents.length).toBeGreaterThanOrEqual(2);
    const syncBefore = await ask(open.socket, "sync", { since: Number(lastOld) });
    const pollBefore = await users.client.get(`/api/realtime/events?since=${lastOld}`);
    expect(syncBefore.ok).toBe(true);
    expect(syncBefore.events.length).toBeGreaterThan(0);

    await expect.poll(() => ids(`SELECT id FROM "Event" WHERE id <= $1`, [lastOld]), { timeout: 15_000, interval: 100 }).toEqual([]);
    const retention = await nextFullRun();

    // What is left: exactly the young and the still-needed.
    expect(await ids(`SELECT id FROM "Event" ORDER BY id`)).toEqual(youngEvents);
    expect(await ids(`SELECT "eventId" AS id FROM "EventTarget" WHERE "eventId" <= $1`, [lastOld])).toEqual([]);
    expect(new Set(await ids(`SELECT id FROM "Notification" WHERE id IN ($1, $2, $3, $4)`, Object.values(notices)))).toEqual(
      new Set([notices.oldUnreadLow, notices.oldReadMedium, notices.youngReadLow]),
    );
    expect(new Set(await ids(`SELECT "socketId" AS id FROM "ConnectionSession" WHERE "socketId" IN ($1, $2, $3)`, [oldSessionSocket, recentSessionSocket, openSocket]))).toEqual(
      new Set([recentSessionSocket, openSocket]),
    );
    expect(await ids(`SELECT id FROM "UserActivity" WHERE id IN ($1, $2)`, [Number(oldActivity), Number(youngActivity)])).toEqual([youngActivity]);
    expect(await ids(`SELECT id FROM "SignIn" WHERE id IN ($1, $2)`, [oldSignIn, youngSignIn])).toEqual([youngSignIn]);

    // The stats say what went, and where the log now starts.
    expect(retention.eventLogFloor).toBe(Number(lastOld));
    expect(retention.removedTotal.events).toBeGreaterThanOrEqual(Number(lastOld) - Number(oldest) + 1);
    expect(retention.removedTotal.sessions).toBeGreaterThanOrEqual(1);
    expect(retention.removedTotal.activity).toBeGreaterThanOrEqual(1);
    expect(retention.removedTotal.notifications).toBeGreaterThanOrEqual(1);
    expect(retention.removedTotal.signIns).toBeGreaterThanOrEqual(1);

    // Catch-up from the window's edge returns every newer event, as before the trim.
    expect(await ask(open.socket, "sync", { since: Number(lastOld) })).toEqual(syncBefore);
    expect(await users.client.get(`/api/realtime/events?since=${lastOld}`)).toEqual(pollBefore);

    // Older than the window: told to reload and where to resume, never a silent gap.
    const latest = Math.max(...youngEvents.map(Number));
    const expired = await ask(open.socket, "sync", { since: Number(lastOld) - 1 });
    expect(expired).toMatchObject({ ok: false, error: { code: "CURSOR_EXPIRED", cursor: latest } });
    const polled = await users.client.get(`/api/realtime/events?since=0`);
    expect(polled.status).toBe(410);
    expect(polled.body.error).toMatchObject({ code: "CURSOR_EXPIRED", field: "since", cursor: latest });
  });

  it("always keeps the newest event, so a fresh connection's cursor and catch-up from it still work", async () => {
    const { server, users } = ctx;
    await pendingBooking(users);
    const [{ id: newest }] = await server.query<{ id: number }>(`SELECT MAX(id) AS id FROM "Event"`);
    await server.query(`UPDATE "Event" SET "createdAt" = $1`, [twoDaysAgo()]);

    await expect.poll(async () => (await ids(`SELECT id FROM "Event"`)).length, { timeout: 15_000, interval: 100 }).toBe(1);
    await nextFullRun();
    expect(await ids(`SELECT id FROM "Event"`)).toEqual([String(newest)]);

    const { socket, connected } = await sockets.connect(users.client);
    expect(connected.cursor).toBe(Number(newest));
    expect(await ask(socket, "sync", { since: connected.cursor })).toEqual({ ok: true, events: [], cursor: Number(newest), hasMore: false, epoch: connected.epoch });
    // And what comes next is caught up from there.
    const live = waitFor(socket, "booking:updated");
    const booking = await pendingBooking(users);
    expect((await live).data).toMatchObject({ action: "created", booking: { id: booking.id } });
    const after = await ask(socket, "sync", { since: connected.cursor });
    expect(after.events).toContainEqual(expect.objectContaining({ type: "booking:updated", data: expect.objectContaining({ booking: expect.objectContaining({ id: booking.id }) }) }));
  });
});
