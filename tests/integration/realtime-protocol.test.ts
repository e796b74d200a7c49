import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Envelope } from "../../lib/realtime/protocol";
import { craftToken, sealSessionCookie, signInWithCookie, type ApiClient, type DemoUsers } from "./support/api";
import { pendingBooking, useServer } from "./support/fixtures";
import { DATABASES, TEST_SECRETS, type TestServer } from "./support/server";
import {
  ask,
  connectAs,
  cookieOf,
  handshakeOf,
  record,
  seenBeforeMarker,
  socketTo,
  triggerAsService,
  waitFor,
  type Recorded,
  type TestSocket,
} from "./support/sockets";

/**
 * The protocol half of the Socket.IO contract (docs/realtime.md), with real
 * socket.io clients against the real server: the handshake, the rooms a socket may join,
 * every client event's ack (and its refusals), the rate limit, and chat taking one path
 * whether it comes over the socket or over HTTP.
 */

/** REALTIME_MAX_PAYLOAD_BYTES at its default, which every server here keeps. */
const MAX_PAYLOAD_BYTES = 16_384;
const ROLES = ["CLIENT", "PROVIDER", "ADMIN", "STAFF"];
const EVERYONE = ["client", "client2", "provider", "provider2", "admin", "staff"] as const;
type Who = (typeof EVERYONE)[number];
const ISO_TIME = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
/** Stands for "emit the event with its ack callback and nothing else". */
const NO_PAYLOAD = Symbol("no payload");

type Watched = { socket: TestSocket; seen: Recorded; userId: string };

/** Sockets opened by a test (or a describe), closed together when it ends. */
function socketJar() {
  const open: TestSocket[] = [];
  return {
    add(socket: TestSocket) {
      open.push(socket);
      return socket;
    },
    async watch(client: ApiClient): Promise<Watched> {
      const { socket, connected } = await connectAs(client);
      open.push(socket);
      return { socket, seen: record(socket), userId: connected.userId };
    },
    closeAll() {
      for (const socket of open.splice(0)) socket.close();
    },
  };
}

async function watchEveryone(jar: ReturnType<typeof socketJar>, users: DemoUsers) {
  const entries = await Promise.all(EVERYONE.map(async (who) => [who, await jar.watch(users[who])] as const));
  return Object.fromEntries(entries) as Record<Who, Watched>;
}

const tagged = (tag: string) => (payload: Envelope) => (payload.data as { tag?: string } | null)?.tag === tag;
const tagsIn = (seen: Recorded, type: string) => seen.filter((e) => e.type === type).map((e) => (e.payload.data as { tag?: string }).tag);

function expectRefusal(ack: unknown, code: string, label?: string) {
  expect(ack, label).toEqual({ ok: false, error: { code, message: expect.any(String) } });
}

function expectEnvelope(envelope: Envelope, durable = true) {
  expect(Object.keys(envelope).sort()).toEqual(["data", "eventId", "ts", "type"]);
  expect(envelope.ts).toEqual(ISO_TIME);
  if (durable) expect(Number.isInteger(envelope.eventId) && envelope.eventId! > 0, `eventId ${envelope.eventId}`).toBe(true);
}

/** The socket is still connected and still receives what is sent to its user. */
async function expectAlive(server: TestServer, watched: Watched) {
  expect(watched.socket.connected).toBe(true);
  const tag = randomUUID();
  const arrived = waitFor(watched.socket, "test:alive", tagged(tag));
  await triggerAsService(server, { event: "test:alive", data: { tag }, to: { users: [watched.userId] }, durable: false });
  await arrived;
}

describe.each(DATABASES)("realtime protocol on %s", (kind) => {
  // Raised far above the default so the long tables of malformed payloads below, sent back to back
  // on one socket, are not rate limited; the limit itself has its own describe at the end.
  const ctx = useServer(kind, { REALTIME_EVENTS_PER_SECOND: "1000" });
  const perTest = socketJar();
  afterEach(() => perTest.closeAll());

  describe("handshake", () => {
    const nowS = () => Math.floor(Date.now() / 1000);

    const apiToken = (claims: { exp?: number } = {}, secret?: string) => craftToken(ctx.users.client.user!, claims, secret);
    const sessionCookie = (secret: string, maxAge: number) => sealSessionCookie(ctx.users.client.user!, secret, maxAge);

    type Identity = () => Promise<{ token?: string; cookie?: string }>;
    const accepted: { name: string; who: Who; transport: "websocket" | "polling"; identity: Identity }[] = [
      ...(["websocket", "polling"] as const).flatMap((transport) => [
        { name: `a bearer token over ${transport}`, who: "provider" as const, transport, identity: async () => ({ token: ctx.users.provider.token }) },
        {
          name: `a session cookie over ${transport}`,
          who: "staff" as const,
          transport,
          identity: async () => ({ cookie: cookieOf(await signInWithCookie(ctx.server, "staff@demo.test")) }),
        },
      ]),
      // Controls for the crafted refusals below: made the same way, minus the defect.
      { name: "a token crafted with the right secret", who: "client", transport: "websocket", identity: async () => ({ token: await apiToken() }) },
      {
        name: "a cookie sealed with the right secret",
        who: "client",
        transport: "websocket",
        identity: async () => ({ cookie: await sessionCookie(TEST_SECRETS.NEXTAUTH_SECRET, 600) }),
      },
    ];

    it.each(accepted)("$name connects, gets `connected` and is joined to user:<id> and role:<ROLE>", async ({ who, transport, identity }) => {
      const user = ctx.users[who].user!;
      const newest = await triggerAsService(ctx.server, { event: "test:before-connect", data: {}, to: { users: [ctx.users.client2.user!.id] } });
      const socket = perTest.add(socketTo(ctx.server, { ...(await identity()), transports: [transport] }));
      const seen = record(socket);

      const { connected, refused } = await handshakeOf(socket);
      expect(refused).toBeUndefined();
      const fields = { userId: user.id, role: user.role, node: expect.any(String), cursor: newest.eventId, epoch: expect.stringMatching(/^[0-9a-f]{32}$/) };
      expect(connected).toEqual({ ...fields, eventId: null, type: "connected", ts: ISO_TIME, data: fields });
      expect(socket.io.engine.transport.name).toBe(transport);

      // Its user and role rooms deliver to it; somebody else's user and the other roles do not.
      const [mine, myRole, notMine, otherRoles] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      const arrivals = [waitFor(socket, "test:direct", tagged(mine)), waitFor(socket, "test:direct", tagged(myRole))];
      const sends = [
        { tag: mine, to: { users: [user.id] } },
        { tag: myRole, to: { roles: [user.role] } },
        { tag: notMine, to: { users: [ctx.users.client2.user!.id] } },
        { tag: otherRoles, to: { roles: ROLES.filter((role) => role !== user.role) } },
      ];
      for (const { tag, to } of sends) await triggerAsService(ctx.server, { event: "test:direct", data: { tag }, to });
      await Promise.all(arrivals);
      const [before] = await seenBeforeMarker(ctx.server, [{ socket, seen }]);
      expect(tagsIn(before, "test:direct")).toEqual([mine, myRole]);
    });

    const refusals: { name: string; identity: Identity }[] = [
      { name: "no identity", identity: async () => ({}) },
      { name: "a garbage token", identity: async () => ({ token: "not.a.token" }) },
      { name: "a token signed with another secret", identity: async () => ({ token: await apiToken({}, "someone-elses-secret") }) },
      { name: "an expired token", identity: async () => ({ token: await apiToken({ exp: nowS() - 60 }) }) },
      { name: "a garbage session cookie", identity: async () => ({ cookie: "next-auth.session-token=garbage" }) },
      { name: "a forged session cookie", identity: async () => ({ cookie: "next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.x.y.z" }) },
      { name: "a session cookie sealed with another secret", identity: async () => ({ cookie: await sessionCookie("someone-elses-secret", 600) }) },
      { name: "an expired session cookie", identity: async () => ({ cookie: await sessionCookie(TEST_SECRETS.NEXTAUTH_SECRET, -60) }) },
    ];

    it.each(refusals)('refuses $name with connect_error "unauthorized" over websocket and polling', async ({ identity }) => {
      for (const transport of ["websocket", "polling"] as const) {
        const socket = perTest.add(socketTo(ctx.server, { ...(await identity()), transports: [transport] }));
        expect(await handshakeOf(socket), transport).toEqual({ refused: "unauthorized" });
        expect(socket.connected, transport).toBe(false);
      }
    });
  });

  describe("rooms", () => {
    const shared = socketJar();
    afterAll(() => shared.closeAll());
    const f = {} as { sockets: Record<Who, Watched>; bookingId: string; serviceId: string };
    beforeAll(async () => {
      const booking = await pendingBooking(ctx.users);
      Object.assign(f, { bookingId: booking.id, serviceId: booking.serviceId, sockets: await watchEveryone(shared, ctx.users) });
    });

    /** `standing`: those the server keeps in the room (their audience), whom `unsubscribe` leaves in it. */
    const rooms: { name: string; room: () => string; allowed: readonly Who[]; standing?: readonly Who[] }[] = [
      { name: "booking:<id>", room: () => `booking:${f.bookingId}`, allowed: ["client", "provider", "admin", "staff"] },
      { name: "service:<id>", room: () => `service:${f.serviceId}`, allowed: EVERYONE },
      { name: "provider:<id>", room: () => `provider:${ctx.users.provider.user!.id}`, allowed: ["provider", "admin", "staff"], standing: ["provider"] },
      { name: "admin", room: () => "admin", allowed: ["admin", "staff"], standing: ["admin", "staff"] },
      { name: "user:<the client's id>", room: () => `user:${ctx.users.client.user!.id}`, allowed: [] },
      { name: "role:ADMIN", room: () => "role:ADMIN", allowed: [] },
      { name: "nonsense", room: () => "nonsense", allowed: [] },
      { name: "booking:", room: () => "booking:", allowed: [] },
    ];

    const roomTable = rooms.map((r) => ({ ...r, callers: r.allowed.join(", ") || "nobody" }));

    it.each(roomTable)("subscribe $name: ok for $callers, FORBIDDEN for the rest; it delivers until unsubscribe", async ({ room, allowed, standing = [] }) => {
      const name = room();
      for (const who of EVERYONE) {
        const ack = await ask(f.sockets[who].socket, "subscribe", { room: name });
        if (allowed.includes(who)) expect(ack, who).toMatchObject({ ok: true, room: name });
        else expectRefusal(ack, "FORBIDDEN", who);
      }
      if (allowed.length === 0) return; // nothing joined, and the trigger route cannot address such rooms

      const inRoom = randomUUID();
      const arrivals = allowed.map((who) => waitFor(f.sockets[who].socket, "test:room", tagged(inRoom)));
      await triggerAsService(ctx.server, { event: "test:room", data: { tag: inRoom }, to: { rooms: [name] }, durable: false });
      await Promise.all(arrivals);

      for (const who of allowed) expect(await ask(f.sockets[who].socket, "unsubscribe", { room: name }), who).toMatchObject({ ok: true, room: name });
      const afterLeaving = randomUUID();
      await triggerAsService(ctx.server, { event: "test:room", data: { tag: afterLeaving }, to: { rooms: [name] }, durable: false });
      const before = await seenBeforeMarker(ctx.server, EVERYONE.map((who) => f.sockets[who]));
      EVERYONE.forEach((who, i) => {
        const ours = tagsIn(before[i], "test:room").filter((tag) => tag === inRoom || tag === afterLeaving);
        expect(ours, who).toEqual(standing.includes(who) ? [inRoom, afterLeaving] : allowed.includes(who) ? [inRoom] : []);
      });
    });

    const serverRooms = [
      { name: "user:<own id>", room: (who: Who) => `user:${ctx.users[who].user!.id}`, to: (who: Who) => ({ users: [ctx.users[who].user!.id] }) },
      { name: "role:<own role>", room: (who: Who) => `role:${ctx.users[who].user!.role}`, to: (who: Who) => ({ roles: [ctx.users[who].user!.role] }) },
    ];

    it.each(serverRooms)("$name cannot be left: unsubscribe is FORBIDDEN and the room still delivers", async ({ room, to }) => {
      for (const who of EVERYONE) expectRefusal(await ask(f.sockets[who].socket, "unsubscribe", { room: room(who) }), "FORBIDDEN", who);
      const tag = randomUUID();
      const arrivals = EVERYONE.map((who) => waitFor(f.sockets[who].socket, "test:direct", tagged(`${tag}:${who}`)));
      for (const who of EVERYONE) await triggerAsService(ctx.server, { event: "test:direct", data: { tag: `${tag}:${who}` }, to: to(who), durable: false });
      await Promise.all(arrivals);
    });
  });

  describe("client events", () => {
    const shared = socketJar();
    afterAll(() => shared.closeAll());
    const f = {} as {
      sockets: Record<Who, Watched>;
      /** A second socket of the client, connected throughout, that nothing here may disturb. */
      neighbour: Watched;
      booking: { id: string; serviceId: string };
      capacity: number;
      notificationId: string;
      durableEventId: number;
    };
    beforeAll(async () => {
      const booking = await pendingBooking(ctx.users);
      const services = (await ctx.users.client.get("/api/services")).body.services as { id: string; capacity: number }[];
      const notice = await triggerAsService(ctx.server, {
        event: "test:notice",
        data: {},
        to: { users: [ctx.users.client.user!.id] },
        notification: { title: "Protocol test" },
      });
      const inbox = await ctx.users.client.get("/api/notifications?limit=1");
      Object.assign(f, {
        booking,
        capacity: services.find((s) => s.id === booking.serviceId)!.capacity,
        durableEventId: notice.eventId,
        notificationId: inbox.body.notifications[0].id,
        sockets: await watchEveryone(shared, ctx.users),
        neighbour: await shared.watch(ctx.users.client),
      });
    });

    const roomPayloads = () => {
      const room = `service:${f.booking.serviceId}`;
      return { "no room": {}, "room a number": { room: 5 }, "room null": { room: null }, "room empty": { room: "" }, "room an array": { room: [room] }, "a misspelt key": { rooms: room }, "an extra key": { room, extra: true } };
    };
    const unreadOfClient = async () => (await ctx.users.client.get("/api/notifications")).body.unread as number;

    type EventCase = {
      name: string;
      event: string;
      as: Who;
      valid: () => Record<string, unknown>;
      succeeded: (ack: any) => void | Promise<void>;
      /** Payloads that must get INVALID_PAYLOAD, besides the non-objects every event refuses. */
      malformed?: () => Record<string, unknown>;
    };
    const events: EventCase[] = [
      {
        name: "subscribe",
        event: "subscribe",
        as: "client",
        valid: () => ({ room: `service:${f.booking.serviceId}` }),
        succeeded: (ack) => expect(ack).toMatchObject({ ok: true, room: `service:${f.booking.serviceId}` }),
        malformed: roomPayloads,
      },
      {
        name: "unsubscribe",
        event: "unsubscribe",
        as: "client",
        valid: () => ({ room: `service:${f.booking.serviceId}` }),
        succeeded: (ack) => expect(ack).toMatchObject({ ok: true, room: `service:${f.booking.serviceId}` }),
        malformed: roomPayloads,
      },
      {
        name: "sync",
        event: "sync",
        as: "client",
        valid: () => ({ since: 0 }),
        succeeded: (ack) => {
          expect(ack).toMatchObject({ ok: true, events: expect.any(Array), cursor: expect.any(Number) });
          for (const envelope of ack.events) expectEnvelope(envelope);
          const ids = ack.events.map((e: Envelope) => e.eventId);
          expect(ids).toEqual([...ids].sort((a, b) => a - b));
          expect(ids).toContain(f.durableEventId);
          expect(ack.cursor).toBeGreaterThanOrEqual(ids.at(-1));
        },
        malformed: () => ({ "no since": {}, "since a string": { since: "0" }, "since negative": { since: -1 }, "since a fraction": { since: 1.5 }, "since null": { since: null }, "a misspelt key": { cursor: 0 }, "an extra key": { since: 0, extra: true } }),
      },
      {
        name: "chat:send",
        event: "chat:send",
        as: "client",
        valid: () => ({ bookingId: f.booking.id, body: "Hello over the socket" }),
        succeeded: (ack) => {
          expect(ack).toMatchObject({ ok: true });
          expect(ack.message).toEqual({ id: expect.any(String), bookingId: f.booking.id, senderId: ctx.users.client.user!.id, body: "Hello over the socket", createdAt: ISO_TIME });
        },
        malformed: () => {
          const bookingId = f.booking.id;
          return {
            "no fields": {},
            "no body": { bookingId },
            "no bookingId": { body: "hi" },
            "an empty body": { bookingId, body: "" },
            "a blank body": { bookingId, body: "   " },
            "a 2001-character body": { bookingId, body: "x".repeat(2001) },
            "body a number": { bookingId, body: 5 },
            "bookingId a number": { bookingId: 5, body: "hi" },
            "bookingId null": { bookingId: null, body: "hi" },
            "an extra key": { bookingId, body: "hi", extra: true },
          };
        },
      },
      {
        name: "notification:read {ids}",
        event: "notification:read",
        as: "client",
        valid: () => ({ ids: [f.notificationId] }),
        succeeded: async (ack) => expect(ack).toMatchObject({ ok: true, unread: await unreadOfClient() }),
        malformed: () => {
          const ids = [f.notificationId];
          return {
            "no fields": {},
            "ids empty": { ids: [] },
            "ids a string": { ids: f.notificationId },
            "ids of numbers": { ids: [5] },
            "all false": { all: false },
            "all a string": { all: "true" },
            "both ids and all": { ids, all: true },
            "an extra key beside ids": { ids, extra: true },
            "an extra key beside all": { all: true, extra: true },
          };
        },
      },
      {
        name: "notification:read {all:true}",
        event: "notification:read",
        as: "client",
        valid: () => ({ all: true }),
        succeeded: (ack) => expect(ack).toMatchObject({ ok: true, unread: 0 }),
      },
      {
        name: "availability:get {}",
        event: "availability:get",
        as: "client",
        valid: () => ({}),
        succeeded: (ack) => {
          expect(ack).toMatchObject({ ok: true, services: expect.any(Array) });
          for (const service of ack.services) expect(service).toEqual({ id: expect.any(String), available: expect.any(Number), capacity: expect.any(Number) });
          expect(ack.services.map((s: { id: string }) => s.id)).toContain(f.booking.serviceId);
        },
        malformed: () => ({ "serviceId a number": { serviceId: 5 }, "serviceId empty": { serviceId: "" }, "serviceId null": { serviceId: null }, "serviceId an array": { serviceId: [f.booking.serviceId] }, "an extra key": { serviceId: f.booking.serviceId, extra: true } }),
      },
      {
        name: "availability:get {serviceId}",
        event: "availability:get",
        as: "client",
        valid: () => ({ serviceId: f.booking.serviceId }),
        succeeded: (ack) => {
          expect(ack).toMatchObject({ ok: true });
          expect(ack.services).toEqual([{ id: f.booking.serviceId, available: expect.any(Number), capacity: f.capacity }]);
        },
      },
      ...(["client", "provider", "admin", "staff"] as const).map((as) => ({
        name: `booking:get as ${as}`,
        event: "booking:get",
        as,
        valid: () => ({ bookingId: f.booking.id }),
        succeeded: (ack: any) => expect(ack).toMatchObject({ ok: true, booking: { id: f.booking.id, status: "PENDING" } }),
        malformed:
          as === "client"
            ? () => ({ "no bookingId": {}, "bookingId a number": { bookingId: 5 }, "bookingId empty": { bookingId: "" }, "bookingId null": { bookingId: null }, "bookingId an array": { bookingId: [f.booking.id] }, "a misspelt key": { id: f.booking.id }, "an extra key": { bookingId: f.booking.id, extra: true } })
            : undefined,
      })),
      ...(["admin", "staff"] as const).map((as) => ({
        name: `stats:get as ${as}`,
        event: "stats:get",
        as,
        valid: () => ({}),
        succeeded: (ack: any) => {
          expect(ack).toMatchObject({
            ok: true,
            stats: {
              nodes: [{ id: expect.any(String), connections: expect.any(Number), startedAt: ISO_TIME }],
              connections: expect.any(Number),
              users: expect.any(Number),
              rooms: expect.any(Object),
              byRole: { CLIENT: expect.any(Number), PROVIDER: expect.any(Number), ADMIN: expect.any(Number), STAFF: expect.any(Number) },
              transports: { websocket: expect.any(Number), polling: expect.any(Number) },
              eventsPerMinute: expect.any(Number),
              deliveryLatencyMs: { p50: expect.any(Number), p95: expect.any(Number), p99: expect.any(Number) },
              uptimeS: expect.any(Number),
            },
          });
          expect(ack.stats.connections).toBeGreaterThanOrEqual(EVERYONE.length + 1);
          expect(ack.stats.users).toBeGreaterThanOrEqual(EVERYONE.length);
        },
        malformed: as === "admin" ? () => ({ "an extra key": { extra: true }, "a room": { room: "admin" } }) : undefined,
      })),
    ];
    const validated = events.filter((e) => e.malformed);
    const socketOf = (who: Who) => f.sockets[who].socket;

    it.each(events)("$name answers with the documented ack", async ({ event, as, valid, succeeded }) => {
      await succeeded(await ask(socketOf(as), event, valid()));
    });

    it.each(validated)("$event: each malformed payload gets INVALID_PAYLOAD; the socket and its neighbour carry on", async ({ event, as, valid, succeeded, malformed }) => {
      const payloads: Record<string, unknown> = {
        "no payload at all": NO_PAYLOAD,
        "a number": 42,
        "a string": "payload",
        null: null,
        true: true,
        "an empty array": [],
        "the valid payload inside an array": [valid()],
        ...malformed!(),
      };
      for (const [label, payload] of Object.entries(payloads)) {
        const ack = payload === NO_PAYLOAD ? await ask(socketOf(as), event) : await ask(socketOf(as), event, payload);
        expectRefusal(ack, "INVALID_PAYLOAD", `${event} with ${label}`);
      }
      expect(socketOf(as).connected).toBe(true);
      await succeeded(await ask(socketOf(as), event, valid()));
      await expectAlive(ctx.server, f.neighbour);
    });

    it.each(validated)("$event: a payload over REALTIME_MAX_PAYLOAD_BYTES gets PAYLOAD_TOO_LARGE; the socket carries on", async ({ event, as, valid, succeeded }) => {
      const oversized = { ...valid(), padding: "x".repeat(MAX_PAYLOAD_BYTES) };
      expectRefusal(await ask(socketOf(as), event, oversized), "PAYLOAD_TOO_LARGE");
      await expectAlive(ctx.server, f.sockets[as]);
      await succeeded(await ask(socketOf(as), event, valid()));
      await expectAlive(ctx.server, f.neighbour);
    });

    const forbidden: { event: string; as: Who; payload: () => object }[] = [
      { event: "stats:get", as: "client", payload: () => ({}) },
      { event: "stats:get", as: "provider", payload: () => ({}) },
      { event: "booking:get", as: "client2", payload: () => ({ bookingId: f.booking.id }) },
      { event: "booking:get", as: "provider2", payload: () => ({ bookingId: f.booking.id }) },
      ...(["client2", "provider2", "admin"] as const).map((as) => ({ event: "chat:send", as, payload: () => ({ bookingId: f.booking.id, body: `from ${as}, not a party` }) })),
    ];

    it.each(forbidden)("$event as $as is FORBIDDEN and changes nothing", async ({ event, as, payload }) => {
      const history = async () => (await ctx.users.client.get(`/api/bookings/${f.booking.id}/messages`)).body.messages;
      const before = await history();
      expectRefusal(await ask(socketOf(as), event, payload()), "FORBIDDEN");
      expect(await history()).toEqual(before);
      await expectAlive(ctx.server, f.sockets[as]);
    });

    it.each(["nope", "booking:delete", "Subscribe", "connected"])("an unknown event %s gets UNKNOWN_EVENT, and without an ack does no harm", async (event) => {
      expectRefusal(await ask(socketOf("client"), event, { room: "admin" }), "UNKNOWN_EVENT");
      (socketOf("client") as unknown as { emit(event: string, payload: unknown): void }).emit(event, { room: "admin" });
      await expectAlive(ctx.server, f.sockets.client);
      expect(await ask(socketOf("client"), "availability:get", {})).toMatchObject({ ok: true });
      await expectAlive(ctx.server, f.neighbour);
    });
  });

  describe("chat over the socket and over HTTP", () => {
    const shared = socketJar();
    afterAll(() => shared.closeAll());
    const f = {} as { sockets: Record<Who, Watched>; bookingId: string };
    beforeAll(async () => {
      const booking = await pendingBooking(ctx.users);
      Object.assign(f, { bookingId: booking.id, sockets: await watchEveryone(shared, ctx.users) });
      // The provider is a party anyway; the admin, who is not, can only hear the chat through the room.
      for (const who of ["provider", "admin"] as const) {
        expect(await ask(f.sockets[who].socket, "subscribe", { room: `booking:${booking.id}` })).toMatchObject({ ok: true });
      }
    });

    const paths = [
      {
        via: "chat:send over the socket",
        async send(body: string) {
          const ack = await ask(f.sockets.client.socket, "chat:send", { bookingId: f.bookingId, body });
          expect(ack).toMatchObject({ ok: true });
          return ack.message;
        },
      },
      {
        via: "POST /api/bookings/:id/messages",
        async send(body: string) {
          const reply = await ctx.users.client.post(`/api/bookings/${f.bookingId}/messages`, { body });
          expect(reply.status).toBe(201);
          return reply.body.message;
        },
      },
    ];

    it.each(paths)("$via: a chat:message envelope reaches both parties, and reads back (privacy.test.ts: nobody else)", async ({ send }) => {
      const body = `hello ${randomUUID()}`;
      const byBody = (envelope: Envelope) => (envelope.data as { message?: { body?: string } })?.message?.body === body;
      const listeners = ["provider", "client"] as const;
      const arrivals = listeners.map((who) => waitFor(f.sockets[who].socket, "chat:message", byBody));
      const notified = waitFor(f.sockets.provider.socket, "notification:new", (e) => (e.data as { notification?: { body?: string } })?.notification?.body === body);

      const message = await send(body);
      expect(message).toEqual({ id: expect.any(String), bookingId: f.bookingId, senderId: ctx.users.client.user!.id, body, createdAt: ISO_TIME });
      const envelopes = await Promise.all(arrivals);
      for (const envelope of envelopes) {
        expectEnvelope(envelope);
        expect(envelope).toMatchObject({ type: "chat:message", eventId: envelopes[0].eventId, data: { message } });
      }
      expect((await notified).data).toMatchObject({ notification: { type: "chat", title: expect.stringContaining("New message"), body } });
      const history = await ctx.users.provider.get(`/api/bookings/${f.bookingId}/messages`);
      expect(history.body.messages).toContainEqual(message);
    });
  });
});

// The limiter counts each socket's events in memory before any handler runs, so it does not
// depend on the database: SQLite alone is enough.
describe("rate limit (sqlite)", () => {
  const ctx = useServer("sqlite", { REALTIME_EVENTS_PER_SECOND: "5" });
  const perTest = socketJar();
  afterEach(() => perTest.closeAll());

  it("a burst of 20 availability:get: at most 5 ok, the rest RATE_LIMITED; the socket and its neighbours carry on", async () => {
    const burst = await perTest.watch(ctx.users.client);
    const neighbours = [await perTest.watch(ctx.users.client), await perTest.watch(ctx.users.provider)];

    const acks = await Promise.all(Array.from({ length: 20 }, () => ask(burst.socket, "availability:get", {})));
    const ok = acks.filter((ack) => ack.ok === true);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(ok.length).toBeLessThanOrEqual(5);
    for (const ack of ok) expect(ack).toMatchObject({ ok: true, services: expect.any(Array) });
    for (const ack of acks.filter((a) => a.ok !== true)) expectRefusal(ack, "RATE_LIMITED");
    await expectAlive(ctx.server, burst);

    for (const neighbour of neighbours) {
      const theirs = await Promise.all(Array.from({ length: 5 }, () => ask(neighbour.socket, "availability:get", {})));
      expect(theirs.map((ack) => ack.ok)).toEqual([true, true, true, true, true]);
      await expectAlive(ctx.server, neighbour);
    }
  });
});
