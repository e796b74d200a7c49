import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Envelope } from "../../lib/realtime/protocol";
import { pendingBooking, stateFingerprint, useServer } from "./support/fixtures";
import { ask, connectAs, triggerAsService, type TestSocket } from "./support/sockets";

/**
 * The realtime authorization matrix: every room kind and every client event, asked by every
 * role, owner and non-owner, for ids that exist and ids that do not. Each cell is the exact
 * ack code; every refusal is proven to change nothing. (The handshake's refusals and the
 * payload validation are in realtime-protocol.test.ts and fuzz.test.ts.)
 */

const CALLERS = ["client", "client2", "provider", "provider2", "admin", "staff"] as const;
type Who = (typeof CALLERS)[number];
type Row = Record<Who, string>;

const all = (code: string): Row => ({ client: code, client2: code, provider: code, provider2: code, admin: code, staff: code });
const only = (allowed: Partial<Row>, others = "FORBIDDEN"): Row => ({ ...all(others), ...allowed });
const staffOnly = (code: string) => ({ admin: code, staff: code });

/** "ok" for a success, else the refusal's code. */
const outcome = (ack: { ok: boolean; error?: { code: string } }) => (ack.ok ? "ok" : ack.error!.code);

describe("authorization matrix over the socket (sqlite)", () => {
  // Few rooms per socket, so the cap can be reached with the rows the demo data has; the
  // matrices below hold at most one subscription at a time.
  const MAX_ROOMS = 6;
  const ctx = useServer("sqlite", { REALTIME_EVENTS_PER_SECOND: "1000", REALTIME_MAX_ROOMS_PER_SOCKET: String(MAX_ROOMS) });
  const f = {} as { sockets: Record<Who, TestSocket>; bookingId: string; serviceId: string; providerId: string };

  beforeAll(async () => {
    const booking = await pendingBooking(ctx.users);
    const sockets = await Promise.all(CALLERS.map(async (who) => [who, (await connectAs(ctx.users[who])).socket] as const));
    Object.assign(f, { sockets: Object.fromEntries(sockets), bookingId: booking.id, serviceId: booking.serviceId, providerId: ctx.users.provider.user!.id });
  });
  afterAll(() => {
    for (const socket of Object.values(f.sockets ?? {})) socket.close();
  });

  const rooms: Record<string, { room: () => string; expect: Row }> = {
    "booking:<id>": { room: () => `booking:${f.bookingId}`, expect: only({ client: "ok", provider: "ok", ...staffOnly("ok") }) },
    "booking:<unknown id>": { room: () => "booking:no-such-booking", expect: only(staffOnly("NOT_FOUND")) },
    "service:<id>": { room: () => `service:${f.serviceId}`, expect: all("ok") },
    "service:<unknown id>": { room: () => "service:no-such-service", expect: all("NOT_FOUND") },
    "provider:<id>": { room: () => `provider:${f.providerId}`, expect: only({ provider: "ok", ...staffOnly("ok") }) },
    // Not a provider's room, not even for the client whose id it names (`room.provider` is for providers).
    "provider:<a client's id>": { room: () => `provider:${ctx.users.client.user!.id}`, expect: only(staffOnly("NOT_FOUND")) },
    "provider:<unknown id>": { room: () => "provider:no-such-provider", expect: only(staffOnly("NOT_FOUND")) },
    admin: { room: () => "admin", expect: only(staffOnly("ok")) },
    "user:<the client's id>": { room: () => `user:${ctx.users.client.user!.id}`, expect: all("FORBIDDEN") },
    "role:ADMIN": { room: () => "role:ADMIN", expect: all("FORBIDDEN") },
    all: { room: () => "all", expect: all("FORBIDDEN") },
    "Admin (case)": { room: () => "Admin", expect: all("FORBIDDEN") },
    "booking:<id>:extra": { room: () => `booking:${f.bookingId}:x`, expect: all("FORBIDDEN") },
    "booking:": { room: () => "booking:", expect: all("FORBIDDEN") },
  };

  it("subscribe: every room kind, every role, answers the code in its cell", async () => {
    const seen: string[] = [];
    const wanted: string[] = [];
    for (const [name, { room, expect: row }] of Object.entries(rooms)) {
      for (const who of CALLERS) {
        const before = await stateFingerprint(ctx.server);
        const ack = await ask(f.sockets[who], "subscribe", { room: room() });
        seen.push(`${name} as ${who}: ${outcome(ack)}`);
        wanted.push(`${name} as ${who}: ${row[who]}`);
        expect(await stateFingerprint(ctx.server)).toEqual(before);
        if (ack.ok) await ask(f.sockets[who], "unsubscribe", { room: room() });
      }
    }
    expect(seen).toEqual(wanted);
  });

  type EventCell = { event: string; payload: () => unknown; expect: Row; changes?: boolean };
  const events: Record<string, EventCell> = {
    "booking:get own/other": { event: "booking:get", payload: () => ({ bookingId: f.bookingId }), expect: only({ client: "ok", provider: "ok", ...staffOnly("ok") }) },
    "booking:get unknown": { event: "booking:get", payload: () => ({ bookingId: "no-such-booking" }), expect: all("NOT_FOUND") },
    "chat:send own/other": {
      event: "chat:send",
      payload: () => ({ bookingId: f.bookingId, body: "authz probe" }),
      expect: only({ client: "ok", provider: "ok" }),
      changes: true,
    },
    "chat:send unknown": { event: "chat:send", payload: () => ({ bookingId: "no-such-booking", body: "authz probe" }), expect: all("NOT_FOUND") },
    "stats:get": { event: "stats:get", payload: () => ({}), expect: only(staffOnly("ok")) },
    "availability:get": { event: "availability:get", payload: () => ({}), expect: all("ok") },
    "availability:get unknown": { event: "availability:get", payload: () => ({ serviceId: "no-such-service" }), expect: all("NOT_FOUND") },
    "sync": { event: "sync", payload: () => ({ since: 0 }), expect: all("ok") },
    "activity:report": { event: "activity:report", payload: () => ({ kind: "page-view", path: "/authz" }), expect: all("ok"), changes: true },
    "metrics:report": {
      event: "metrics:report",
      payload: () => ({ connectMs: 5, reconnectAttempts: 0, transportChanges: 0, pollingRounds: 0 }),
      expect: all("ok"),
      changes: true,
    },
    "unsubscribe a room never joined": { event: "unsubscribe", payload: () => ({ room: "admin" }), expect: all("ok") },
    "unsubscribe user:<own>": { event: "unsubscribe", payload: () => ({ room: "user:x" }), expect: all("FORBIDDEN") },
  };

  it("client events: every event, every role, owner and not, answers the code in its cell", async () => {
    const seen: string[] = [];
    const wanted: string[] = [];
    for (const [name, cell] of Object.entries(events)) {
      for (const who of CALLERS) {
        const before = await stateFingerprint(ctx.server);
        const ack = await ask(f.sockets[who], cell.event, cell.payload());
        seen.push(`${name} as ${who}: ${outcome(ack)}`);
        wanted.push(`${name} as ${who}: ${cell.expect[who]}`);
        if (!ack.ok || !cell.changes) expect(await stateFingerprint(ctx.server), `${name} as ${who}`).toEqual(before);
      }
    }
    expect(seen).toEqual(wanted);
  });

  it("notification:read of someone else's ids marks nothing of theirs", async () => {
    await triggerAsService(ctx.server, { event: "test:notice", data: {}, to: { users: [ctx.users.client.user!.id] }, notification: { title: "For the client" } });
    const theirs = (await ctx.users.client.get("/api/notifications?unread=true")).body;
    const id = theirs.notifications[0].id;
    const ack = await ask(f.sockets.client2, "notification:read", { ids: [id] });
    expect(ack).toMatchObject({ ok: true });
    const after = (await ctx.users.client.get("/api/notifications?unread=true")).body;
    expect(after.unread).toBe(theirs.unread);
    expect(after.notifications.map((n: { id: string }) => n.id)).toContain(id);
  });

  it("sync and the polling route return only what was addressed to the caller", async () => {
    const tag = randomUUID();
    const { eventId } = await triggerAsService(ctx.server, { event: "test:private", data: { tag }, to: { users: [ctx.users.client.user!.id] } });
    const tagOf = (e: Envelope) => (e.data as { tag?: string } | null)?.tag;
    for (const who of CALLERS) {
      const ack = await ask(f.sockets[who], "sync", { since: eventId! - 1 });
      const polled = (await ctx.users[who].get(`/api/realtime/events?since=${eventId! - 1}`)).body;
      const mine = who === "client";
      expect(ack.events.some((e: Envelope) => tagOf(e) === tag), `sync as ${who}`).toBe(mine);
      expect(polled.events.some((e: Envelope) => tagOf(e) === tag), `poll as ${who}`).toBe(mine);
    }
  });

  it("a socket may hold REALTIME_MAX_ROOMS_PER_SOCKET subscriptions; the next is TOO_MANY_ROOMS and the socket carries on", async () => {
    const { socket } = await connectAs(ctx.users.admin);
    try {
      const services = (await ctx.server.query<{ id: string }>(`SELECT id FROM "Service"`)).map((s) => `service:${s.id}`);
      const held = [`booking:${f.bookingId}`, `provider:${f.providerId}`, ...services].slice(0, MAX_ROOMS);
      expect(held).toHaveLength(MAX_ROOMS);
      for (const room of held) expect(await ask(socket, "subscribe", { room })).toMatchObject({ ok: true });
      const extra = `provider:${ctx.users.provider2.user!.id}`;
      expect(outcome(await ask(socket, "subscribe", { room: extra }))).toBe("TOO_MANY_ROOMS");
      // A room already held is no new one, nor is one the server keeps the socket in; leaving one makes space again.
      expect(await ask(socket, "subscribe", { room: held[0] })).toMatchObject({ ok: true });
      expect(await ask(socket, "subscribe", { room: "admin" })).toMatchObject({ ok: true });
      expect(await ask(socket, "unsubscribe", { room: held[0] })).toMatchObject({ ok: true });
      expect(await ask(socket, "subscribe", { room: extra })).toMatchObject({ ok: true });
    } finally {
      socket.close();
    }
  });
});
