import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Envelope } from "../../lib/realtime/protocol";
import { pendingBooking, useServer } from "./support/fixtures";
import { EVERYONE, expectAlive, expectEnvelope, expectRefusal, ISO_TIME, MAX_PAYLOAD_BYTES, NO_PAYLOAD, socketJar, watchEveryone, type Watched, type Who } from "./support/protocol";
import { DATABASES } from "./support/server";
import { ask, triggerAsService } from "./support/sockets";

/**
 * Every client event of the Socket.IO contract (docs/realtime.md) with real socket.io
 * clients against the real server: its ack, its refusals, and that a malformed one costs
 * neither the socket nor its neighbours.
 */
describe.each(DATABASES)("realtime client events on %s", (kind) => {
  // Raised far above the default so the long tables of malformed payloads below, sent back to back
  // on one socket, are not rate limited (realtime-protocol.test.ts has the limit itself).
  const ctx = useServer(kind, { REALTIME_EVENTS_PER_SECOND: "1000" });

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
});
