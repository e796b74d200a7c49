import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Envelope } from "../../lib/realtime/protocol";
import { craftToken, sealSessionCookie, signInWithCookie } from "./support/api";
import { pendingBooking, useServer } from "./support/fixtures";
import { EVERYONE, expectAlive, expectEnvelope, expectRefusal, ISO_TIME, ROLES, socketJar, tagged, tagsIn, watchEveryone, type Watched, type Who } from "./support/protocol";
import { DATABASES, TEST_SECRETS } from "./support/server";
import { ask, cookieOf, handshakeOf, record, seenBeforeMarker, socketTo, triggerAsService, waitFor } from "./support/sockets";

/**
 * The protocol half of the Socket.IO contract (docs/realtime.md), with real
 * socket.io clients against the real server: the handshake, the rooms a socket may join,
 * the rate limit, and chat taking one path whether it comes over the socket or over HTTP.
 * Every client event's ack and its refusals: realtime-client-events.test.ts.
 */

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
