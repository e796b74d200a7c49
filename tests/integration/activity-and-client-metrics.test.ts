import { describe, expect, it } from "vitest";
import type { ActivityView, Envelope } from "../../lib/realtime/protocol";
import { pendingBooking, useServer } from "./support/fixtures";
import { DATABASES, TEST_SECRETS } from "./support/server";
import { ask, record, seenBeforeMarker, useSockets, waitFor } from "./support/sockets";

const REPORTS_PER_MINUTE = 12;

/**
 * User activity and `metrics:report` on both databases: booking actions are recorded by the
 * server whoever asks, a browser's reports name the socket's user, admins alone see it live
 * and in the paged history, bad or excessive reports are refused without harm, and
 * browsers' connection metrics reach the stats and /api/metrics.
 */
describe.each(DATABASES)("activity and client metrics on %s", (kind) => {
  const ctx = useServer(kind, { REALTIME_REPORTS_PER_MINUTE: String(REPORTS_PER_MINUTE), NODE_ID: `node-activity-${kind}` });
  const sockets = useSockets(() => ctx.server);

  const internal = (path: string) => fetch(`${ctx.server.url}${path}`, { headers: { authorization: `Bearer ${TEST_SECRETS.INTERNAL_API_SECRET}` } });

  it("shows a report to admins only, live and in the history, stamped with the socket's user and node", async () => {
    const { server, users } = ctx;
    const admin = await sockets.connect(users.admin);
    const staff = await sockets.connect(users.staff);
    const provider = await sockets.connect(users.provider);
    const seenByStaff = record(staff.socket);
    const seenByProvider = record(provider.socket);
    const client = await sockets.connect(users.client);

    const live = waitFor(admin.socket, "activity:new");
    expect(await ask(client.socket, "activity:report", { kind: "page-view", path: "/client" })).toEqual({ ok: true });
    const { activity } = (await live).data as { activity: ActivityView };
    expect(activity).toMatchObject({
      userId: users.client.user!.id,
      userName: users.client.user!.name,
      role: "CLIENT",
      kind: "page-view",
      path: "/client",
      node: `node-activity-${kind}`,
    });
    expect(client.connected.node).toBe(activity.node);

    const [staffSaw, providerSaw] = await seenBeforeMarker(server, [
      { socket: staff.socket, seen: seenByStaff },
      { socket: provider.socket, seen: seenByProvider },
    ]);
    expect(staffSaw.map((e) => e.type)).not.toContain("activity:new");
    expect(providerSaw.map((e) => e.type)).not.toContain("activity:new");

    const history = await users.admin.get("/api/admin/activity?limit=50");
    expect(history.status).toBe(200);
    expect(history.body.activity[0]).toEqual(activity);
    expect((await users.staff.get("/api/admin/activity")).status).toBe(403);
    expect((await users.client.get("/api/admin/activity")).status).toBe(403);
    expect((await users.anonymous.get("/api/admin/activity")).status).toBe(401);
  });

  it("pages back through the history without gaps or repeats", async () => {
    const { users } = ctx;
    const provider = await sockets.connect(users.provider);
    for (const path of ["/provider", "/provider/earnings", "/provider/services"]) {
      expect(await ask(provider.socket, "activity:report", { kind: "page-view", path })).toEqual({ ok: true });
    }
    await expect.poll(async () => (await users.admin.get("/api/admin/activity?limit=200")).body.activity.length).toBeGreaterThanOrEqual(4);
    const all = (await users.admin.get("/api/admin/activity?limit=200")).body.activity as ActivityView[];

    const paged: ActivityView[] = [];
    let before: number | null | undefined;
    do {
      const page = await users.admin.get(`/api/admin/activity?limit=2${before ? `&before=${before}` : ""}`);
      expect(page.body.activity.length).toBeLessThanOrEqual(2);
      paged.push(...page.body.activity);
      before = page.body.nextBefore;
    } while (before);
    expect(paged).toEqual(all);
    expect(paged.map((a) => a.id)).toEqual([...paged.map((a) => a.id)].sort((a, b) => b - a));

    for (const bad of ["before=abc", "before=0", "limit=0", "limit=201", "before=99999999999"]) {
      const reply = await users.admin.get(`/api/admin/activity?${bad}`);
      expect(reply.status, bad).toBe(400);
      expect(reply.body.error.code).toBe("VALIDATION_ERROR");
    }
  });

  it("records a booking action made with a bearer token, in the transaction that makes it, as whoever made it", async () => {
    const { server, users } = ctx;
    const admin = await sockets.connect(users.admin);
    const booking = await pendingBooking(users);
    const ofBooking = () => server.query<{ action: string; userId: string }>(`SELECT action, "userId" FROM "UserActivity" WHERE "bookingId" = $1 ORDER BY id`, [booking.id]);
    expect(await ofBooking()).toEqual([{ action: "book", userId: users.client.user!.id }]);

    // No browser and no socket: the provider's bearer token alone.
    expect(users.provider.token).toBeTruthy();
    const live = waitFor<Envelope<{ activity: ActivityView }>>(admin.socket, "activity:new", ({ data }) => data.activity.bookingId === booking.id && data.activity.action === "accept");
    expect((await users.provider.post(`/api/bookings/${booking.id}/accept`)).status).toBe(200);
    const { activity } = (await live).data;
    expect(activity).toMatchObject({
      userId: users.provider.user!.id,
      userName: users.provider.user!.name,
      role: "PROVIDER",
      kind: "booking-action",
      path: null,
      bookingId: booking.id,
      action: "accept",
      node: `node-activity-${kind}`,
    });
    const history = (await users.admin.get("/api/admin/activity?limit=50")).body.activity as ActivityView[];
    expect(history.find((item) => item.id === activity.id)).toEqual(activity);

    // A refused transition leaves no trace: the row commits with the change or not at all.
    expect((await users.provider.post(`/api/bookings/${booking.id}/accept`)).status).toBe(409);
    expect((await users.client.post(`/api/bookings/${booking.id}/cancel`)).status).toBe(200);
    expect((await ofBooking()).map((row) => row.action)).toEqual(["book", "accept", "cancel"]);
  });

  it("refuses reports that claim another identity or a booking action, a bad shape, or too many", async () => {
    const { server, users } = ctx;
    const ownBooking = await pendingBooking(users, "client");
    const client = await sockets.connect(users.client);
    const rowsBefore = await server.query(`SELECT id FROM "UserActivity"`);

    for (const payload of [
      { kind: "page-view", path: "/admin", userId: users.admin.user!.id },
      { kind: "signed-in", node: "elsewhere" },
      { kind: "page-view", path: "not a path" },
      { kind: "dancing" },
      // Booking actions are the server's to record, not a browser's to claim.
      { kind: "booking-action", bookingId: ownBooking.id, action: "book" },
      null,
    ]) {
      const answer = await ask(client.socket, "activity:report", payload);
      expect(answer, JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: "INVALID_PAYLOAD" } });
    }
    expect(await ask(client.socket, "activity:report", { kind: "page-view", path: "/client/bookings" })).toEqual({ ok: true });
    await expect.poll(() => server.query(`SELECT id FROM "UserActivity"`)).toHaveLength(rowsBefore.length + 1);

    // The budget is per user and event: client2 spends it; the client's is untouched, and the socket lives on.
    const client2 = await sockets.connect(users.client2);
    const answers = [];
    for (let i = 0; i < REPORTS_PER_MINUTE + 1; i++) {
      answers.push(await ask(client2.socket, "activity:report", { kind: "page-view", path: `/client/${i}` }));
    }
    expect(answers.slice(0, REPORTS_PER_MINUTE).every((a) => a.ok)).toBe(true);
    expect(answers[REPORTS_PER_MINUTE]).toMatchObject({ ok: false, error: { code: "RATE_LIMITED" } });
    expect(await ask(client.socket, "activity:report", { kind: "signed-in" })).toEqual({ ok: true });
    expect(await ask(client2.socket, "availability:get", {})).toMatchObject({ ok: true });
  });

  it("puts browsers' connection metrics in the stats and /api/metrics, and refuses impossible ones", async () => {
    const { users } = ctx;
    const provider = await sockets.connect(users.provider2);
    for (const payload of [
      { connectMs: -1, reconnectAttempts: 0, transportChanges: 0, pollingRounds: 0 },
      { connectMs: 10, reconnectAttempts: 1.5, transportChanges: 0, pollingRounds: 0 },
      { connectMs: 10, reconnectAttempts: 0, transportChanges: 0 },
      { connectMs: 10, reconnectAttempts: 1e9, transportChanges: 0, pollingRounds: 0 },
    ]) {
      expect(await ask(provider.socket, "metrics:report", payload), JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: "INVALID_PAYLOAD" } });
    }
    expect(await ask(provider.socket, "metrics:report", { connectMs: 180, reconnectAttempts: 3, transportChanges: 2, pollingRounds: 4 })).toEqual({ ok: true });

    const stats = await (await internal("/api/realtime/stats")).json();
    expect(stats.clients.reports).toBeGreaterThanOrEqual(1);
    expect(stats.clients.connectMs.p99).toBeGreaterThanOrEqual(180);
    expect(stats.clients.reconnectsPerMinute).toBeGreaterThanOrEqual(3);
    expect(stats.clients.transportChangesPerMinute).toBeGreaterThanOrEqual(2);
    expect(stats.clients.pollingRoundsPerMinute).toBeGreaterThanOrEqual(4);

    // A user reading the HTTP polling route counts as a client on polling.
    await users.client2.get("/api/realtime/events?since=0&limit=1");
    const after = await (await internal("/api/realtime/stats")).json();
    expect(after.clients.pollingClients).toBeGreaterThanOrEqual(1);
    expect(after.clients.pollingShare).toBeGreaterThan(0);
    expect(after.clients.pollingShare).toBeLessThanOrEqual(1);

    const metrics = await (await internal("/api/metrics")).text();
    expect(metrics).toMatch(/^switchboard_client_connect_seconds_count [1-9]/m);
    expect(metrics).toMatch(/^switchboard_client_reconnect_attempts_total [3-9]/m);
    expect(metrics).toMatch(/^switchboard_client_transport_changes_total [2-9]/m);
    expect(metrics).toMatch(/^switchboard_client_polling_rounds_total [4-9]/m);
    expect(metrics).toMatch(/^switchboard_clients_polling_share 0?\.?\d/m);
  });
});
