import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { describe, expect, it } from "vitest";
import type { Envelope } from "../../lib/realtime/protocol";
import { ApiClient } from "./support/api";
import { dataOf, ISO_TIME, socketsOf, subscribe, type Data } from "./support/envelopes";
import { pendingBooking, useServer } from "./support/fixtures";
import { TEST_SECRETS } from "./support/server";
import { record, seenBeforeMarker, triggerAsService, useSockets, waitFor } from "./support/sockets";

/**
 * Broadcasts, end to end: real socket.io clients against the real server. Announcements,
 * triggers, stats, connection status and presence: the realtime layer above the database
 * (rooms, counts, sockets), the same code on either database, so SQLite alone keeps the
 * suite fast. (Booking events, catch-up and recovery: realtime-delivery.test.ts.)
 */
describe("realtime broadcasts on sqlite", () => {
  const ctx = useServer("sqlite");
  const sockets = useSockets(() => ctx.server);
  const asService = () => new ApiClient(ctx.server, { authorization: `Bearer ${TEST_SECRETS.INTERNAL_API_SECRET}` });

  it("announces to every socket once, or only to the roles named, as one row, one event and one audience key", async () => {
    const { users, server } = ctx;
    const names = ["client", "client", "provider", "provider2", "staff", "admin"] as const;
    const watched = await Promise.all(
      names.map(async (name) => {
        const { socket } = await sockets.connect(users[name]);
        return { name, socket, seen: record(socket) };
      }),
    );
    const toAll = `Maintenance tonight ${randomUUID()}`;
    const toProviders = `Payouts are late ${randomUUID()}`;
    expect((await users.admin.post("/api/realtime/announcement", { message: toAll, level: "info" })).status).toBe(201);
    expect((await users.admin.post("/api/realtime/announcement", { message: toProviders, level: "warning", roles: ["PROVIDER"] })).status).toBe(201);

    const heard = await seenBeforeMarker(server, watched);
    const sent: Record<string, number> = {};
    watched.forEach(({ name }, i) => {
      const announcements = heard[i].filter((e) => e.type === "announcement");
      const isProvider = users[name].user!.role === "PROVIDER";
      expect(announcements.map((e) => dataOf(e).message), name).toEqual(isProvider ? [toAll, toProviders] : [toAll]);
      expect(dataOf(announcements[0]), name).toMatchObject({ message: toAll, level: "info", author: users.admin.user!.name });
      for (const e of announcements) sent[dataOf(e).message] = e.payload.eventId!;
    });

    for (const [message, targets] of [[toAll, ["all"]], [toProviders, ["role:PROVIDER"]]] as const) {
      expect(await server.query(`SELECT id FROM "Announcement" WHERE message = $1`, [message])).toHaveLength(1);
      const events = await server.query<{ id: number }>(`SELECT id FROM "Event" WHERE type = 'announcement' AND payload LIKE $1`, [`%${message}%`]);
      expect(events.map((e) => Number(e.id))).toEqual([sent[message]]);
      const audience = await server.query<{ target: string }>(`SELECT target FROM "EventTarget" WHERE "eventId" = $1`, [events[0].id]);
      expect(audience.map((row) => row.target)).toEqual(targets);
    }
  });

  it.each([
    ["a CLIENT", "client", { message: "Hello", level: "info" }, 403, undefined],
    ["a bad level", "admin", { message: "Hello", level: "loud" }, 400, "level"],
  ] as const)("refuses an announcement by %s", async (_case, who, body, status, field) => {
    const reply = await ctx.users[who].post("/api/realtime/announcement", body);
    expect(reply.status).toBe(status);
    expect(reply.body.error.field).toBe(field);
    expect(await ctx.server.query(`SELECT id FROM "Announcement" WHERE message = 'Hello'`)).toEqual([]);
  });

  it.each([
    ["no Authorization", () => ({}), 401],
    ["a wrong secret", () => ({ authorization: "Bearer not-the-internal-secret" }), 401],
    ["a CLIENT token", () => ({ authorization: `Bearer ${ctx.users.client.token}` }), 403],
    ["the internal secret", () => ({ authorization: `Bearer ${TEST_SECRETS.INTERNAL_API_SECRET}` }), 202],
    ["an ADMIN token", () => ({ authorization: `Bearer ${ctx.users.admin.token}` }), 202],
  ] as const)("trigger with %s answers %i", async (_case, headers, status) => {
    const caller = new ApiClient(ctx.server, headers());
    const reply = await caller.post("/api/realtime/trigger", { event: "test:knock", to: { roles: ["ADMIN"] } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(status);
    if (status === 202) expect(reply.body).toEqual({ eventId: expect.any(Number), delivered: 0 });
    else expect(reply.body.error.code).toBe(status === 401 ? "UNAUTHORIZED" : "FORBIDDEN");
  });

  it("trigger reaches every socket of its targets and counts them; volatile ones stay out of catch-up; notifications reach the inbox", async () => {
    const { users, server } = ctx;
    const [client, clientAgain, client2, provider] = [
      await sockets.connect(users.client),
      await sockets.connect(users.client, { transports: ["polling"] }),
      await sockets.connect(users.client2),
      await sockets.connect(users.provider),
    ];
    const providerSeen = record(provider.socket);
    const targeted = [client, clientAgain, client2];
    const to = { users: [users.client.user!.id, users.client2.user!.id] };

    const arrivals = targeted.map(({ socket }) => waitFor(socket, "test:hello"));
    const durable = await asService().post("/api/realtime/trigger", { event: "test:hello", data: { n: 1 }, to });
    expect(durable).toMatchObject({ status: 202, body: { eventId: expect.any(Number), delivered: 3 } });
    for (const arrived of await Promise.all(arrivals)) {
      expect(arrived).toEqual({ eventId: durable.body.eventId, type: "test:hello", ts: expect.stringMatching(ISO_TIME), data: { n: 1 } });
    }

    const fleeting = targeted.map(({ socket }) => waitFor(socket, "test:fleeting"));
    const volatile = await asService().post("/api/realtime/trigger", { event: "test:fleeting", to, durable: false });
    expect(volatile).toMatchObject({ status: 202, body: { eventId: null, delivered: 3 } });
    for (const arrived of await Promise.all(fleeting)) expect(arrived).toMatchObject({ eventId: null, type: "test:fleeting" });
    const caughtUp = await users.client.get(`/api/realtime/events?since=${client.connected.cursor}`);
    expect(caughtUp.body.events.map((e: Envelope) => e.type)).toEqual(["test:hello"]);

    const title = `Invoice ready ${randomUUID()}`;
    const noticed = waitFor(client.socket, "notification:new", (e) => (e.data as Data).notification.title === title);
    const notify = await asService().post("/api/realtime/trigger", {
      event: "test:invoice",
      to: { users: [users.client.user!.id] },
      notification: { title, body: "Your invoice is attached.", priority: "high" },
    });
    expect(notify.status, JSON.stringify(notify.body)).toBe(202);
    const notification = (await noticed).data as Data;
    expect(notification.notification).toMatchObject({ title, body: "Your invoice is attached.", priority: "high", read: false });
    const inbox = await users.client.get("/api/notifications");
    expect(inbox.body.notifications).toContainEqual(expect.objectContaining({ id: notification.notification.id, title }));

    const [providerHeard] = await seenBeforeMarker(server, [{ socket: provider.socket, seen: providerSeen }]);
    expect(providerHeard, "the provider was not targeted").toEqual([]);
  });

  it.each([
    ["no `to`", { event: "test:x" }, "to"],
    ["an event name that is not resource:verb", { event: "Bad Name", to: { roles: ["CLIENT"] } }, "event"],
    ["a name Socket.IO reserves", { event: "connect", to: { roles: ["CLIENT"] } }, "event"],
  ])("trigger with %s is 400 naming the field", async (_case, body, field) => {
    const reply = await asService().post("/api/realtime/trigger", body);
    expect(reply.status, JSON.stringify(reply.body)).toBe(400);
    expect(reply.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String), field });
  });

  it("an internal service's trigger that is not JSON is 400 INVALID_JSON; one cut off mid-body leaves the server serving", async () => {
    const reply = await asService().post("/api/realtime/trigger", '{"event": "test:x", "to": ');
    expect(reply).toEqual({ status: 400, body: { error: { code: "INVALID_JSON", message: expect.any(String), field: "body" } } });
    expect(reply.body.error.message).not.toMatch(/position|token/i);

    const cutOff = httpRequest(`${ctx.server.url}/api/realtime/trigger`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_SECRETS.INTERNAL_API_SECRET}`, "content-type": "application/json", "content-length": "1000" },
    });
    const gone = new Promise((resolve) => cutOff.on("error", resolve).on("close", resolve));
    cutOff.write('{"event": "test:x"');
    cutOff.destroy();
    await gone;
    const after = await asService().post("/api/realtime/trigger", { event: "test:after", to: { roles: ["CLIENT"] } });
    expect(after.status).toBe(202);
    expect(after.body).toEqual({ eventId: expect.any(Number), delivered: expect.any(Number) });
  });

  it("stats count what is connected, for ADMIN, STAFF and internal services; stats:updated reaches the admin room; metrics", async () => {
    const { users } = ctx;
    await sockets.connect(users.client);
    await sockets.connect(users.client2);
    await sockets.connect(users.provider, { transports: ["polling"] });
    const shape = {
      nodes: [{ id: expect.any(String), connections: expect.any(Number), startedAt: expect.stringMatching(ISO_TIME) }],
      connections: expect.any(Number),
      users: expect.any(Number),
      rooms: expect.any(Object),
      byRole: expect.any(Object),
      transports: { websocket: expect.any(Number), polling: expect.any(Number) },
      eventsPerMinute: expect.any(Number),
      deliveryLatencyMs: { p50: expect.any(Number), p95: expect.any(Number), p99: expect.any(Number) },
      uptimeS: expect.any(Number),
    };
    const counts = {
      nodes: [{ connections: 3 }],
      connections: 3,
      users: 3,
      rooms: { "role:CLIENT": 2, "role:PROVIDER": 1 },
      byRole: { CLIENT: 2, PROVIDER: 1 },
      transports: { websocket: 2, polling: 1 },
    };
    for (const [who, caller] of [["ADMIN", users.admin], ["STAFF", users.staff], ["the internal secret", asService()]] as const) {
      const reply = await caller.get("/api/realtime/stats");
      expect(reply.status, who).toBe(200);
      expect(reply.body, who).toMatchObject(shape);
      expect(reply.body, who).toMatchObject(counts);
    }
    for (const [who, caller, status] of [["CLIENT", users.client, 403], ["anonymous", users.anonymous, 401]] as const) {
      expect((await caller.get("/api/realtime/stats")).status, who).toBe(status);
    }

    const metricsCallers = [["the internal secret", asService(), 200], ["STAFF", users.staff, 200], ["CLIENT", users.client, 403]] as const;
    for (const [who, caller, status] of metricsCallers) {
      expect((await caller.get("/api/metrics")).status, `metrics as ${who}`).toBe(status);
    }
    const metrics: string = (await asService().get("/api/metrics")).body;
    expect(metrics).toContain("switchboard_events_published_total");
    expect(metrics).toMatch(/^switchboard_connections\{role="CLIENT",transport="all"\} 2$/m);
    expect(metrics).toMatch(/^switchboard_connections\{role="all",transport="polling"\} 1$/m);
    expect(metrics).toContain("switchboard_process_cpu_seconds_total");
    // Walking every handle or descriptor held a 10,000-socket node 50 ms per scrape (telemetry.ts).
    expect(metrics).not.toMatch(/switchboard_(nodejs_active_handles|nodejs_active_resources|process_open_fds)/);

    const admin = await sockets.connect(users.admin);
    await subscribe(admin.socket, "admin");
    const pushed = await waitFor(admin.socket, "stats:updated");
    expect(pushed).toMatchObject({ eventId: null, type: "stats:updated", ts: expect.stringMatching(ISO_TIME), data: shape });
    expect(pushed.data).toMatchObject({ connections: 4, byRole: { ADMIN: 1 }, rooms: { admin: 1 } });
  });

  it("GET /api/realtime/events with rooms: a poller gets the events of rooms it may join, as `sync` does; others are refused, naming the field", async () => {
    const { users, server } = ctx;
    const booking = await pendingBooking(users);
    const since = (await users.staff.get("/api/realtime/events?since=0&limit=1")).body.cursor;
    const { eventId } = await triggerAsService(server, { event: "test:room", data: {}, to: { rooms: [`booking:${booking.id}`] } });
    const roomEventIn = (reply: { body: { events: Envelope[] } }) => reply.body.events.filter((e) => e.eventId === eventId).length;

    // Staff may watch the booking's room; an event addressed to the room alone reaches them only through it.
    expect(roomEventIn(await users.staff.get(`/api/realtime/events?since=${since}`))).toBe(0);
    const watching = await users.staff.get(`/api/realtime/events?since=${since}&rooms=${encodeURIComponent(`booking:${booking.id},admin`)}`);
    expect(watching.status).toBe(200);
    expect(roomEventIn(watching)).toBe(1);

    const notHers = await users.client2.get(`/api/realtime/events?since=${since}&rooms=booking:${booking.id}`);
    expect(notHers.status).toBe(403);
    expect(notHers.body.error).toMatchObject({ code: "FORBIDDEN", field: "rooms" });
    const tooMany = await users.staff.get(`/api/realtime/events?since=${since}&rooms=${Array.from({ length: 101 }, (_, i) => `service:s${i}`).join(",")}`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.field).toBe("rooms");
  });

  it("connection-status: a socket that started on polling counts as WebSocket once it has upgraded", async () => {
    const { users } = ctx;
    const { socket } = await sockets.connect(users.client, { transports: ["polling", "websocket"] });
    const engine = socket.io.engine;
    if (engine.transport.name !== "websocket") await new Promise((resolve) => engine.once("upgrade", resolve));
    await expect
      .poll(async () => (await users.client.get("/api/realtime/connection-status")).body.transports, { message: "the server saw the upgrade" })
      .toEqual({ websocket: 1, polling: 0 });
  });

  it("connection-status: online over both transports while connected, offline with lastSeen once the sockets close", async () => {
    const { users } = ctx;
    const both = [await sockets.connect(users.client), await sockets.connect(users.client, { transports: ["polling"] })];
    const online = await users.client.get("/api/realtime/connection-status");
    expect(online).toMatchObject({
      status: 200,
      body: { online: true, sockets: 2, transports: { websocket: 1, polling: 1 }, lastSeen: expect.stringMatching(ISO_TIME) },
    });

    const leftAt = Date.now();
    for (const { socket } of both) socket.disconnect();
    await expect
      .poll(async () => {
        const { lastSeen, ...status } = (await users.client.get("/api/realtime/connection-status")).body;
        return { ...status, lastSeenSinceLeaving: ISO_TIME.test(lastSeen) && Date.parse(lastSeen) >= leftAt };
      }, { message: "the server saw both sockets go" })
      .toEqual({ online: false, sockets: 0, transports: { websocket: 0, polling: 0 }, lastSeenSinceLeaving: true });
  });

  it("presence: a counterpart hears the client come online and, when its last socket goes, offline; others hear nothing", async () => {
    const { users, server } = ctx;
    await pendingBooking(users); // the client and the provider now share a PENDING booking
    const clientId = users.client.user!.id;
    const watched = await Promise.all(
      (["provider", "provider2"] as const).map(async (name) => {
        const { socket } = await sockets.connect(users[name]);
        return { socket, seen: record(socket) };
      }),
    );
    const [provider] = watched;
    const isClient = (online: boolean) => (e: Envelope) => (e.data as Data).userId === clientId && (e.data as Data).online === online;

    const cameOnline = waitFor(provider.socket, "presence:updated", isClient(true));
    const first = await sockets.connect(users.client);
    expect(await cameOnline).toEqual({
      eventId: null,
      type: "presence:updated",
      ts: expect.stringMatching(ISO_TIME),
      data: { userId: clientId, online: true },
    });

    const second = await sockets.connect(users.client);
    second.socket.disconnect();
    await expect.poll(() => socketsOf(users.client), { message: "the server saw the second socket go" }).toBe(1);
    const wentOffline = waitFor(provider.socket, "presence:updated", isClient(false));
    first.socket.disconnect();
    await wentOffline;

    const [providerHeard, provider2Heard] = await seenBeforeMarker(server, watched);
    expect(providerHeard.filter((e) => e.type === "presence:updated").map(dataOf), "online once, offline once").toEqual([
      { userId: clientId, online: true },
      { userId: clientId, online: false },
    ]);
    expect(provider2Heard, "provider2 shares no booking with the client").toEqual([]);
  });
});
