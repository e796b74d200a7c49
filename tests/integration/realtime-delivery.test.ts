import { describe, expect, it } from "vitest";
import type { Envelope } from "../../lib/realtime/protocol";
import { ApiClient, future, type DemoUsers } from "./support/api";
import { serviceOf, useServer } from "./support/fixtures";
import { MANUAL_PROCESSOR, sendWebhook } from "./support/money";
import { DATABASES } from "./support/server";
import { dataOf, ISO_TIME, socketsOf, subscribe, type Data } from "./support/envelopes";
import { ask, record, seenBeforeMarker, triggerAsService, useSockets, waitFor, type Recorded, type TestSocket } from "./support/sockets";

/**
 * Delivery, end to end: real socket.io clients against the real server. Who hears what of a
 * booking's life, catch-up after a long drop and recovery after a short one (announcements,
 * triggers, stats, connection status and presence: realtime-broadcasts.test.ts).
 */

/** The recovery window of the catch-up server: short, so a test can outlast it. */
const SHORT_RECOVERY_MS = 1000;
/** Events that are broadcast and never stored: their envelope's eventId is null. */
const VOLATILE = new Set(["connected", "availability:updated", "presence:updated", "stats:updated", "activity:new", "test:marker"]);

const CLIENT_LINE = "Ring twice, the bell is broken.";
const PROVIDER_LINE = "See you at nine.";

/** What the client and the provider hear of bookingFlow, besides notifications. */
const FLOW_STORY = {
  "booking:updated": ["created", "accepted", "started", "completed"],
  "payment:updated": ["pending", "paid", "escrowed", "released"],
  "chat:message": [CLIENT_LINE, PROVIDER_LINE],
};

/** Every payload is the contract's envelope, and durable ids only grow on one socket. */
function expectEnvelopes(seen: Recorded, who: string) {
  let last = 0;
  for (const { type, payload } of seen) {
    expect(payload.type, `${who}: type of ${type}`).toBe(type);
    expect(payload.ts, `${who}: ts of ${type}`).toMatch(ISO_TIME);
    expect(payload, `${who}: ${type}`).toHaveProperty("data");
    if (VOLATILE.has(type)) {
      expect(payload.eventId, `${who}: ${type} is volatile`).toBeNull();
      continue;
    }
    const id = payload.eventId;
    expect(Number.isInteger(id) && id! > last, `${who}: ${type} has eventId ${id}, after ${last}`).toBe(true);
    last = id!;
  }
}

/** What a socket heard of one booking: each event type's actions (chat: bodies), in order. */
function storyOf(seen: Recorded, bookingId: string) {
  const about = (type: string, bookingOf: (d: Data) => string, pick: (d: Data) => string) =>
    seen.filter((e) => e.type === type && bookingOf(dataOf(e)) === bookingId).map((e) => pick(dataOf(e)));
  return {
    "booking:updated": about("booking:updated", (d) => d.booking.id, (d) => d.action),
    "payment:updated": about("payment:updated", (d) => d.payment.bookingId, (d) => d.action),
    "payout:updated": about("payout:updated", (d) => d.payout.bookingId, (d) => d.action),
    "chat:message": about("chat:message", (d) => d.message.bookingId, (d) => d.message.body),
  };
}

/**
 * A booking from request to completion, paid by card (the processor's confirmation sent as
 * its webhook) and confirmed by the client, with a chat line each way. The client's line goes
 * through its socket's `chat:send` when it has one, as the dashboard sends it.
 */
async function bookingFlow(users: DemoUsers, serviceId: string, clientSocket?: TestSocket): Promise<string> {
  const created = await users.client.post("/api/bookings", { serviceId, scheduledAt: future() });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id: string = created.body.booking.id;
  const steps: [ApiClient, string, unknown?][] = [
    [users.provider, `/api/bookings/${id}/accept`],
    [users.client, `/api/payments/${id}/pay`, { method: "CARD" }],
    [users.provider, `/api/bookings/${id}/start`],
    [users.provider, `/api/bookings/${id}/complete`],
    [users.client, `/api/bookings/${id}/confirm`],
  ];
  for (const [who, path, body] of steps) {
    const reply = await who.post(path, body);
    expect(reply.status, `${path}: ${JSON.stringify(reply.body)}`).toBe(200);
    if (path.endsWith("/pay")) expect((await sendWebhook(users.client.server, { bookingId: id, status: "PAID" })).body.outcome).toBe("applied");
  }
  if (clientSocket) expect(await ask(clientSocket, "chat:send", { bookingId: id, body: CLIENT_LINE })).toMatchObject({ ok: true });
  else expect((await users.client.post(`/api/bookings/${id}/messages`, { body: CLIENT_LINE })).status).toBe(201);
  expect((await users.provider.post(`/api/bookings/${id}/messages`, { body: PROVIDER_LINE })).status).toBe(201);
  return id;
}

/** Every event from `since` on, asked for `limit` at a time until a page comes back empty. */
async function allPages(page: (since: number) => Promise<{ events: Envelope[]; cursor: number }>, since: number) {
  const events: Envelope[] = [];
  let cursor = since;
  for (let turn = 0; turn < 100; turn++) {
    const next = await page(cursor);
    if (next.events.length === 0) return events;
    expect(next.cursor, "the cursor moves on").toBeGreaterThan(cursor);
    events.push(...next.events);
    cursor = next.cursor;
  }
  throw new Error("paging did not end within 100 pages");
}


// Event writing, delivery after commit and catch-up query the database directly, so they run on both.
describe.each(DATABASES)("realtime delivery on %s", (kind) => {
  const ctx = useServer(kind, { REALTIME_RECOVERY_MS: String(SHORT_RECOVERY_MS), ...MANUAL_PROCESSOR });
  const sockets = useSockets(() => ctx.server);

  it("delivers a booking's life to its client, provider, admins, staff and the service room, and nothing to anyone else", async () => {
    const { users, server } = ctx;
    const service = await serviceOf(users); // full again before anyone watches it
    const names = ["admin", "staff", "client", "provider", "client2", "provider2"] as const;
    const watched = {} as Record<(typeof names)[number], { socket: TestSocket; seen: Recorded }>;
    for (const name of names) {
      const { socket } = await sockets.connect(users[name]);
      watched[name] = { socket, seen: record(socket) };
      if (name === "admin") await subscribe(socket, "admin");
      if (name === "staff") await subscribe(socket, `service:${service.id}`);
    }
    const inboxIds = async (who: "client" | "provider") =>
      (await users[who].get("/api/notifications?limit=100")).body.notifications.map((n: { id: string }) => n.id) as string[];
    const inboxBefore = { client: await inboxIds("client"), provider: await inboxIds("provider") };

    const bookingId = await bookingFlow(users, service.id, watched.client.socket);

    const before = await seenBeforeMarker(server, names.map((name) => watched[name]));
    const heard = Object.fromEntries(names.map((name, i) => [name, before[i]])) as Record<(typeof names)[number], Recorded>;
    for (const name of names) expectEnvelopes(heard[name], name);

    for (const [party, payouts] of [["client", []], ["provider", ["created"]]] as const) {
      expect(storyOf(heard[party], bookingId), party).toEqual({ ...FLOW_STORY, "payout:updated": payouts });
      const notified = heard[party].filter((e) => e.type === "notification:new").map((e) => dataOf(e).notification);
      for (const notification of notified) {
        expect(notification, party).toMatchObject({
          id: expect.any(String),
          type: expect.any(String),
          title: expect.any(String),
          body: expect.any(String),
          priority: expect.stringMatching(/^(low|medium|high|critical)$/),
          createdAt: expect.stringMatching(ISO_TIME),
          read: false,
        });
      }
      // Exactly the inbox rows the flow wrote for this party, each announced once.
      const written = (await inboxIds(party)).filter((id) => !inboxBefore[party].includes(id));
      expect(written.length, party).toBeGreaterThan(0);
      expect(notified.map((n) => n.id).sort(), party).toEqual(written.sort());
    }

    // Admins and staff follow bookings and their money (they may read both: `booking.read`);
    // chat stays between the parties, and payouts are the provider's.
    const watchersStory = { "booking:updated": FLOW_STORY["booking:updated"], "payment:updated": FLOW_STORY["payment:updated"], "payout:updated": [], "chat:message": [] };
    expect(storyOf(heard.admin, bookingId)).toEqual(watchersStory);
    expect(storyOf(heard.staff, bookingId)).toEqual(watchersStory);
    const adminTypes = new Set(["booking:updated", "payment:updated", "presence:updated", "stats:updated", "activity:new"]);
    expect(heard.admin.filter((e) => !adminTypes.has(e.type)), "nothing else reaches the admin").toEqual([]);
    // Each person's step reaches the admins' activity feed from the server, whoever asked (here: HTTP).
    const steps = heard.admin.filter((e) => e.type === "activity:new" && dataOf(e).activity.bookingId === bookingId).map((e) => dataOf(e).activity.action);
    expect(steps).toEqual(["book", "accept", "pay", "start", "complete", "confirm"]);
    expect(heard.staff.filter((e) => e.type === "activity:new"), "the activity feed is the admins' (activity.list)").toEqual([]);
    expect(heard.admin.filter((e) => e.type === "presence:updated").map(dataOf)).toEqual(
      expect.arrayContaining([
        { userId: users.client.user!.id, online: true },
        { userId: users.provider.user!.id, online: true },
      ]),
    );

    // The service room hears the unit taken and freed, as volatile events.
    expect(heard.staff.filter((e) => e.type === "availability:updated").map((e) => e.payload)).toEqual(
      [service.capacity - 1, service.capacity].map((available) => ({
        eventId: null,
        type: "availability:updated",
        ts: expect.stringMatching(ISO_TIME),
        data: { serviceId: service.id, available, capacity: service.capacity },
      })),
    );
    const staffTypes = new Set(["booking:updated", "payment:updated", "availability:updated", "presence:updated", "stats:updated"]);
    expect(heard.staff.filter((e) => !staffTypes.has(e.type)), "nothing else reaches staff").toEqual([]);

    for (const third of ["client2", "provider2"] as const) expect(heard[third], `${third} heard nothing`).toEqual([]);
  });

  it("catches up after a drop longer than the recovery window: sync and GET /api/realtime/events return exactly what was missed", async () => {
    const { users, server } = ctx;
    const service = await serviceOf(users);
    // A second socket of the client stays connected: what it hears is what the dropped one missed.
    const witness = await sockets.connect(users.client);
    const witnessSeen = record(witness.socket);
    const away = await sockets.connectRecoverable(users.client);
    const cursor = away.connected.cursor;

    const resume = away.drop();
    await expect.poll(() => socketsOf(users.client), { message: "the server saw the drop" }).toBe(1);
    const droppedAt = Date.now();
    const toClient: number[] = [];
    const toClient2: number[] = [];
    for (let i = 0; i < 20; i++) {
      const sent = await triggerAsService(server, { event: "test:missed", data: { i }, to: { users: [users.client.user!.id] } });
      expect(sent.delivered, "only the witness is there").toBe(1);
      toClient.push(sent.eventId!);
      toClient2.push((await triggerAsService(server, { event: "test:missed", data: { i }, to: { users: [users.client2.user!.id] } })).eventId!);
    }
    const bookingId = await bookingFlow(users, service.id);
    const [witnessed] = await seenBeforeMarker(server, [{ socket: witness.socket, seen: witnessSeen }]);
    const missed = witnessed.map((e) => e.payload).filter((e) => e.eventId !== null);
    expectEnvelopes(witnessed, "witness");
    expect(missed.filter((e) => e.type === "test:missed").map((e) => e.eventId)).toEqual(toClient);
    expect(storyOf(witnessed, bookingId)).toEqual({ ...FLOW_STORY, "payout:updated": [] });
    expect(missed.every((e) => e.eventId! > cursor)).toBe(true);

    await expect
      .poll(() => Date.now() - droppedAt, { timeout: 5 * SHORT_RECOVERY_MS, interval: 100, message: "the recovery window has passed" })
      .toBeGreaterThan(SHORT_RECOVERY_MS);
    const back = waitFor(away.socket, "connected");
    resume();
    await back;
    expect(away.socket.recovered, "too late to recover").toBe(false);

    const bySync = await ask(away.socket, "sync", { since: cursor });
    expect(bySync).toMatchObject({ ok: true, cursor: expect.any(Number) });
    expect(bySync.events).toEqual(missed);
    const byPolling = await users.client.get(`/api/realtime/events?since=${cursor}`);
    expect(byPolling.status).toBe(200);
    expect(byPolling.body.events).toEqual(missed);
    expect(byPolling.body.cursor).toBe(bySync.cursor);
    expect(missed.filter((e) => toClient2.includes(e.eventId!)), "nothing addressed to client2").toEqual([]);

    const PAGE = 5;
    expect(await allPages((since) => ask(away.socket, "sync", { since, limit: PAGE }), cursor)).toEqual(missed);
    const pollPage = async (since: number) => (await users.client.get(`/api/realtime/events?since=${since}&limit=${PAGE}`)).body;
    expect(await allPages(pollPage, cursor)).toEqual(missed);
  });

  it("durable events of concurrent writers reach a socket once each, in id order, exactly as catch-up lists them", async () => {
    const { users, server } = ctx;
    const { socket, connected } = await sockets.connect(users.client);
    const seen = record(socket);
    // Triggers (a batch written on its own, directly on SQLite's driver when no transaction
    // is open) interleaved with announcements (Prisma transactions that stay open across awaits).
    const writes = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        i % 6 === 0
          ? users.admin.post("/api/realtime/announcement", { message: `interleaved ${i}`, level: "info" }).then((r) => r.body.announcement.id as string)
          : triggerAsService(server, { event: "test:interleaved", data: { i }, to: { users: [users.client.user!.id] } }).then((r) => r.eventId!),
      ),
    );
    const triggered = writes.filter((w): w is number => typeof w === "number");
    const [heard] = await seenBeforeMarker(server, [{ socket, seen }]);
    const durable = heard.map((e) => e.payload).filter((e) => e.eventId !== null);
    const ids = durable.map((e) => e.eventId!);
    expect(ids, "ascending, none twice").toEqual([...new Set(ids)].sort((a, b) => a - b));
    expect(durable.filter((e) => e.type === "test:interleaved").map((e) => e.eventId).sort((a, b) => a! - b!)).toEqual([...triggered].sort((a, b) => a - b));
    expect(durable.filter((e) => e.type === "announcement")).toHaveLength(10);
    expect(await allPages(async (since) => (await users.client.get(`/api/realtime/events?since=${since}&limit=7`)).body, connected.cursor)).toEqual(durable);

    // Both writers store dates the same way, so retention and catch-up read them alike.
    const [trigger] = await server.query<{ createdAt: unknown }>(`SELECT "createdAt" FROM "Event" WHERE id = $1`, [triggered[0]]);
    const [announcement] = await server.query<{ createdAt: unknown }>(`SELECT "createdAt" FROM "Event" WHERE type = 'announcement' ORDER BY id DESC LIMIT 1`);
    const shape = (value: unknown) => (value instanceof Date ? "Date" : String(value).replace(/\d/g, "9"));
    expect(shape(trigger.createdAt)).toBe(shape(announcement.createdAt));
  });
});

// The rest exercises the realtime layer above the database (rooms, counts, sockets), the same
// code on either database; SQLite alone keeps the suite fast. The recovery window is the default.
describe("realtime delivery on sqlite", () => {
  const ctx = useServer("sqlite");
  const sockets = useSockets(() => ctx.server);

  it("recovers a short drop by itself: what the socket missed arrives without sync", async () => {
    const { users, server } = ctx;
    const away = await sockets.connectRecoverable(users.client);
    const seen = record(away.socket);

    const resume = away.drop();
    await expect.poll(() => socketsOf(users.client), { message: "the server saw the drop" }).toBe(0);
    const missed: number[] = [];
    for (let i = 0; i < 5; i++) {
      const sent = await triggerAsService(server, { event: "test:missed", data: { i }, to: { users: [users.client.user!.id] } });
      expect(sent.delivered, "the socket is away").toBe(0);
      missed.push(sent.eventId!);
    }
    const back = waitFor(away.socket, "connected");
    resume();
    await back;
    expect(away.socket.recovered, "recovered within the window").toBe(true);

    const [heard] = await seenBeforeMarker(server, [{ socket: away.socket, seen }]);
    expectEnvelopes(heard, "client");
    expect(heard.filter((e) => e.type === "test:missed").map((e) => e.payload.eventId)).toEqual(missed);
  });
});

// Recovery keeps only the newest broadcasts (REALTIME_RECOVERY_MAX_PACKETS; the Redis stream's
// length on a cluster): a socket that missed more is not recovered and catches up by `sync`.
describe("realtime recovery with a bounded store", () => {
  const KEPT = 16;
  const ctx = useServer("sqlite", { REALTIME_RECOVERY_MAX_PACKETS: String(KEPT) });
  const sockets = useSockets(() => ctx.server);

  /** Drops the socket, sends it `count` durable triggers while it is away, and brings it back. */
  async function awayFor(away: Awaited<ReturnType<typeof sockets.connectRecoverable>>, count: number): Promise<number[]> {
    const { users, server } = ctx;
    const resume = away.drop();
    await expect.poll(() => socketsOf(users.client), { message: "the server saw the drop" }).toBe(0);
    const missed: number[] = [];
    for (let i = 0; i < count; i++) {
      missed.push((await triggerAsService(server, { event: "test:missed", data: { i }, to: { users: [users.client.user!.id] } })).eventId!);
    }
    const back = waitFor(away.socket, "connected");
    resume();
    await back;
    return missed;
  }

  it("recovers a socket that missed fewer than it keeps, and not one that missed more; sync then returns all of it", async () => {
    const { users, server } = ctx;
    const away = await sockets.connectRecoverable(users.client);
    const seen = record(away.socket);

    const few = await awayFor(away, KEPT / 2);
    expect(away.socket.recovered, "what it missed is still kept").toBe(true);
    const [replayed] = await seenBeforeMarker(server, [{ socket: away.socket, seen }]);
    expect(replayed.filter((e) => e.type === "test:missed").map((e) => e.payload.eventId)).toEqual(few);

    const many = await awayFor(away, KEPT * 2);
    expect(away.socket.recovered, "the oldest of what it missed was dropped").toBe(false);
    const caughtUp = await ask(away.socket, "sync", { since: few.at(-1)! });
    expect(caughtUp).toMatchObject({ ok: true, hasMore: false });
    expect(caughtUp.events.filter((e: Envelope) => e.type === "test:missed").map((e: Envelope) => e.eventId)).toEqual(many);
  });
});
