import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NODE_ROUTE_KEYS } from "../../lib/api/node-routes";
import { ROUTE_ACCESS, type RouteKey } from "../../lib/api/route-access";
import { ACCESS_POLICY, allows, allowsInternal, audienceRooms, mayAsk, type Permission, type Resource } from "../../lib/auth/access-policy";
import type { Caller, Role } from "../../lib/auth/identity";
import { ROOM_PERMISSIONS } from "../../lib/realtime/access";
import { rooms } from "../../lib/realtime/rooms";
import { bookingTransition, OPEN_BOOKING_STATUSES, type BookingAction, type BookingStatus } from "../../lib/domain/state-machines";
import { ApiClient, future, signInDemoUsers, type DemoUsers } from "./support/api";
import { bookingIn, pendingBooking, serviceOf, stateFingerprint, useServer } from "./support/fixtures";
import { MANUAL_PROCESSOR, sendWebhook } from "./support/money";
import { DATABASES, TEST_SECRETS, type TestServer } from "./support/server";
import { ask, connectAs, latestEventId, type TestSocket } from "./support/sockets";

/**
 * The access matrix, generated from the access policy (lib/auth/access-policy.ts) and the
 * route table (lib/api/route-access.ts): every route, room, client event and catch-up path,
 * asked by nobody, an internal service, the booking's own client and provider, another
 * client and provider, an admin and staff, about a booking in every state (and disputed).
 * Each cell's expectation is what the policy says; the real server must answer it, and every
 * refusal must change nothing. A route file without a line in the table fails here too.
 */

const PEOPLE = ["client", "client2", "provider", "provider2", "admin", "staff"] as const;
type Person = (typeof PEOPLE)[number];
type Who = Person | "anonymous" | "internal";
const WHO: readonly Who[] = ["anonymous", "internal", ...PEOPLE];

/** The booking variants: every state, and a completed booking with an open dispute. */
const VARIANTS = ["PENDING", "CONFIRMED", "IN_PROGRESS", "COMPLETED", "REJECTED", "CANCELLED", "EXPIRED", "DECLINED", "DISPUTED"] as const;
type Variant = (typeof VARIANTS)[number];
const statusOf = (variant: Variant): BookingStatus => (variant === "DISPUTED" ? "COMPLETED" : variant);

const callerOf = (users: DemoUsers, who: Person): Caller => {
  const user = users[who].user!;
  return { id: user.id, email: user.email, name: user.name, role: user.role as Role };
};

// ── The routes, read from app/api ───────────────────────────────────────────────────

const API_DIR = join(process.cwd(), "app", "api");

function routeFiles(dir = API_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? routeFiles(join(dir, entry.name)) : entry.name === "route.ts" ? [join(dir, entry.name)] : [],
  );
}

/** "app/api/bookings/[id]/route.ts" exporting GET -> "GET /api/bookings/:id". */
function routesOf(file: string): { key: string; text: string }[] {
  const path = `/api/${relative(API_DIR, join(file, "..")).split(sep).join("/")}`
    .replace(/\/$/, "")
    .replace(/\[\.\.\.(\w+)\]/g, ":$1*")
    .replace(/\[(\w+)\]/g, ":$1");
  const text = readFileSync(file, "utf8");
  const methods = new Set([
    ...[...text.matchAll(/export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]),
    ...[...text.matchAll(/\bas (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]),
  ]);
  return [...methods].map((method) => ({ key: `${method} ${path}`, text }));
}

/** The realtime endpoints server.ts serves itself, each of which asks for its own line too. */
function nodeRoutes(): { key: string; text: string }[] {
  const text = readFileSync(join(process.cwd(), "lib", "api", "node-routes.ts"), "utf8");
  return NODE_ROUTE_KEYS.map((key) => ({ key, text: text.slice(text.indexOf(`"${key}": `) + key.length + 4) }));
}

describe("the route table", () => {
  it("names every exported route handler, and each guarded route asks for its own line", () => {
    const found = [...routeFiles().flatMap(routesOf), ...nodeRoutes()];
    expect(found.map((r) => r.key).sort()).toEqual(Object.keys(ROUTE_ACCESS).sort());
    const unguarded = found.filter(({ key, text }) => ROUTE_ACCESS[key as RouteKey] !== "public" && !text.includes(`"${key}"`)).map((r) => r.key);
    expect(unguarded).toEqual([]);
  });

  it("names only permissions of the policy", () => {
    const named = Object.values(ROUTE_ACCESS).flatMap((entry) => (typeof entry === "string" ? [entry] : Object.values(entry)));
    expect(named.filter((p) => p !== "public" && !(p in ACCESS_POLICY))).toEqual([]);
  });
});

// ── HTTP cells ──────────────────────────────────────────────────────────────────────

type Scope = "booking" | "service" | "none";
type Cell = { route: string; method: string; permission: Permission; scope: Scope; path: (id: string) => string; body?: () => unknown; action?: BookingAction };

const BODIES: Partial<Record<string, () => unknown>> = {
  "POST /api/bookings": () => ({ serviceId: "", scheduledAt: future() }),
  "POST /api/bookings/:id/dispute": () => ({ reason: "matrix probe: the work was not done" }),
  "POST /api/bookings/:id/messages": () => ({ body: "matrix probe" }),
  "POST /api/payments/:bookingId/pay": () => ({ method: "CASH" }),
  "POST /api/admin/bookings/:id/decline": () => ({ reason: "matrix probe" }),
  "POST /api/admin/disputes/:bookingId/resolve": () => ({ outcome: "refund" }),
  "PUT /api/services/:id/alert-threshold": () => ({ threshold: 1 }),
  "PUT /api/admin/services/:id/availability": () => ({ available: 2 }),
  "PUT /api/notifications/preferences": () => ({ chat: { toast: true } }),
  "POST /api/notifications/read": () => ({ all: true }),
  "POST /api/realtime/announcement": () => ({ message: "matrix probe", level: "info", roles: ["STAFF"] }),
  "POST /api/realtime/trigger": () => ({ event: "matrix:probe", data: {}, to: { roles: ["STAFF"] }, durable: false }),
};

/** Every guarded route as cells; a route whose permission depends on a path parameter gives one cell per value. */
function httpCells(): Cell[] {
  return Object.entries(ROUTE_ACCESS).flatMap(([route, entry]): Cell[] => {
    if (entry === "public") return [];
    const [method, template] = route.split(" ");
    const scope: Scope = /\/(bookings|payments|disputes)\/:(id|bookingId)/.test(template) ? "booking" : /\/services\/:id/.test(template) ? "service" : "none";
    const fill = (id: string, action?: string) => template.replace(/:(id|bookingId)\b/, id).replace(":action", action ?? "");
    if (typeof entry === "string") return [{ route, method, permission: entry, scope, path: (id: string) => fill(id), body: BODIES[route] }];
    return Object.entries(entry).map(([action, permission]) => ({
      route: `${method} ${fill(":id", action)}`,
      method,
      permission,
      scope,
      path: (id: string) => fill(id, action),
      action: action as BookingAction,
    }));
  });
}

/** What the policy says a cell answers: a status, or "allowed" (past every access check). */
type Expected = number | "allowed";

function expectedOf(cell: Cell, who: Who, caller: Caller | null, resource: Resource): Expected {
  if (who === "anonymous") return 401;
  if (who === "internal") return allowsInternal(cell.permission) ? "allowed" : 401;
  if (!mayAsk(cell.permission, caller!.role)) return 403;
  if (allows(cell.permission, caller!, resource)) return "allowed";
  // Allowed in another state of the booking: the rule's own 409 (presence of a closed booking).
  const closed = (ACCESS_POLICY[cell.permission] as { closed?: unknown }).closed;
  if (closed && OPEN_BOOKING_STATUSES.some((status) => allows(cell.permission, caller!, { ...resource, status }))) return 409;
  return 403;
}

/** Drives a fresh booking of `client` for `provider`'s first service to a variant. */
async function bookingInVariant(users: DemoUsers, server: TestServer, variant: Variant): Promise<string> {
  const step = async (who: Person, path: string, body?: unknown) => {
    const reply = await users[who].post(path, body);
    if (reply.status >= 300) throw new Error(`${path} as ${who}: ${reply.status} ${JSON.stringify(reply.body)}`);
  };
  switch (variant) {
    case "CONFIRMED":
    case "IN_PROGRESS":
    case "COMPLETED":
      return (await bookingIn(users, variant)).id;
    case "DISPUTED": {
      const { id } = await pendingBooking(users);
      await step("client", `/api/payments/${id}/pay`, { method: "CARD" });
      expect((await sendWebhook(server, { bookingId: id, status: "PAID" })).status).toBe(200);
      for (const action of ["accept", "start", "complete"]) await step("provider", `/api/bookings/${id}/${action}`);
      await step("client", `/api/bookings/${id}/dispute`, { reason: "matrix fixture: the work was not done" });
      return id;
    }
    default: {
      const { id } = await pendingBooking(users);
      if (variant === "REJECTED") await step("provider", `/api/bookings/${id}/reject`);
      if (variant === "CANCELLED") await step("client", `/api/bookings/${id}/cancel`);
      if (variant === "DECLINED") await step("admin", `/api/admin/bookings/${id}/decline`, { reason: "matrix fixture" });
      if (variant === "EXPIRED") {
        await server.query(`UPDATE "Booking" SET "holdExpiresAt" = $1 WHERE id = $2`, [new Date(Date.now() - 60_000).toISOString(), id]);
        // The scheduler's sweep expires it (beforeAll hooks cannot use expect.poll).
        for (let tries = 0; (await users.admin.get(`/api/bookings/${id}`)).body.booking.status !== "EXPIRED"; tries++) {
          if (tries > 150) throw new Error(`booking ${id} did not expire`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      return id;
    }
  }
}

/** What a cell that succeeds can have changed about a booking: its state, its payment, its dispute. */
async function bookingMark(users: DemoUsers, id: string): Promise<string> {
  const { booking } = (await users.admin.get(`/api/bookings/${id}`)).body;
  return JSON.stringify([booking.status, booking.payment, booking.dispute]);
}

describe.each(DATABASES)("access matrix on %s", (kind) => {
  // No processor confirmations in the background: every state change is the matrix's own.
  // The matrix asks faster than a person: a socket's event rate is no part of what it checks.
  const ctx = useServer(kind, { ...MANUAL_PROCESSOR, REALTIME_EVENTS_PER_SECOND: "1000" });
  const targets = new Map<Variant, string>();
  let serviceId = "";
  let internal: ApiClient;

  const resourceOf = (users: DemoUsers, scope: Scope, variant: Variant): Resource => {
    if (scope === "service") return { providerId: users.provider.user!.id };
    if (scope === "none") return {};
    return { clientId: users.client.user!.id, providerId: users.provider.user!.id, status: statusOf(variant), disputed: variant === "DISPUTED" };
  };

  beforeAll(async () => {
    const { users, server } = ctx;
    internal = new ApiClient(server, { authorization: `Bearer ${TEST_SECRETS.INTERNAL_API_SECRET}` });
    for (const variant of VARIANTS) targets.set(variant, await bookingInVariant(users, server, variant));
    serviceId = (await serviceOf(users)).id;
  });

  it("every route answers every caller, in every booking state, as the policy says; refusals change nothing", async () => {
    const { server, users } = ctx;
    const ask = (who: Who) => (who === "internal" ? internal : users[who]);
    const mismatches: string[] = [];
    // Signing out everywhere ends the caller's tokens: those cells go last.
    const cells = httpCells().sort((a, b) => Number(a.permission === "session.revoke") - Number(b.permission === "session.revoke"));
    for (const cell of cells) {
      const variants: readonly Variant[] = cell.scope === "booking" ? VARIANTS : ["PENDING"];
      for (const variant of variants) {
        for (const who of WHO) {
          // Nobody and an internal service are refused before any row is read: one state says it all.
          if ((who === "anonymous" || who === "internal") && variant !== variants[0]) continue;
          const caller = who === "anonymous" || who === "internal" ? null : callerOf(users, who);
          const expected = expectedOf(cell, who, caller, resourceOf(users, cell.scope, variant));
          const id = cell.scope === "service" ? serviceId : targets.get(variant)!;
          const movesBooking = cell.scope === "booking" && cell.method !== "GET";
          const markBefore = movesBooking ? await bookingMark(users, id) : "";
          const before = await stateFingerprint(server);
          const body = cell.route === "POST /api/bookings" ? { serviceId, scheduledAt: future() } : cell.body?.();
          const reply = await ask(who).request(cell.method, cell.path(id), body === undefined ? undefined : JSON.stringify(body), body === undefined ? {} : { "content-type": "application/json" });
          const where = `${cell.route} [${variant}] as ${who}`;
          if (expected === "allowed") {
            if ([401, 403].includes(reply.status) || reply.status >= 500) mismatches.push(`${where}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 140)}, expected to be allowed`);
            // An allowed transition the state machine refuses is a 409, never something else.
            if (cell.action && !bookingTransition(cell.action, statusOf(variant)) && reply.status !== 409) mismatches.push(`${where}: ${reply.status}, expected 409 INVALID_TRANSITION`);
          } else {
            if (reply.status !== expected) mismatches.push(`${where}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 140)}, expected ${expected}`);
            expect(reply.body?.error?.code, where).toMatch(/^[A-Z_]+$/);
            expect(await stateFingerprint(server), `${where} changed nothing`).toEqual(before);
          }
          // A cell that moved its booking on hands the next cells a fresh one in the same variant.
          if (movesBooking && (await bookingMark(users, id)) !== markBefore) targets.set(variant, await bookingInVariant(users, server, variant));
        }
      }
    }
    expect(mismatches).toEqual([]);
    // The callers signed out everywhere last: new tokens for the tests that follow.
    Object.assign(users, await signInDemoUsers(server));
  }, 600_000);

  it("a booking id that does not exist: 404 to whoever the route lets ask, 403 to the others", async () => {
    const { users } = ctx;
    const mismatches: string[] = [];
    for (const cell of httpCells().filter((c) => c.scope === "booking")) {
      for (const who of PEOPLE) {
        const expected = mayAsk(cell.permission, callerOf(users, who).role) ? 404 : 403;
        const body = cell.body?.();
        const reply = await users[who].request(cell.method, cell.path("no-such-booking"), body === undefined ? undefined : JSON.stringify(body), body === undefined ? {} : { "content-type": "application/json" });
        if (reply.status !== expected) mismatches.push(`${cell.route} as ${who}: ${reply.status}, expected ${expected}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  describe("over the socket", () => {
    const sockets = new Map<Person, TestSocket>();
    beforeAll(async () => {
      for (const who of PEOPLE) sockets.set(who, (await connectAs(ctx.users[who])).socket);
    });
    afterAll(() => sockets.forEach((socket) => socket.disconnect()));

    /** Every room kind, of a row that is the client's or provider's, another's, and none at all. */
    const roomCases = (users: DemoUsers, bookingId: string): { room: string; resource: Resource | null }[] => [
      { room: rooms.admin, resource: {} },
      { room: rooms.service(serviceId), resource: {} },
      { room: "service:no-such-service", resource: null },
      { room: rooms.provider(users.provider.user!.id), resource: { providerId: users.provider.user!.id } },
      { room: rooms.provider(users.provider2.user!.id), resource: { providerId: users.provider2.user!.id } },
      { room: rooms.provider(users.client.user!.id), resource: null },
      { room: rooms.booking(bookingId), resource: { clientId: users.client.user!.id, providerId: users.provider.user!.id } },
      { room: "booking:no-such-booking", resource: null },
      { room: `user:${users.client.user!.id}`, resource: null },
      { room: "lobby", resource: null },
    ];

    /** The policy's answer for a room: ok, or the refusal's code (unknown rows show as such only to those who see every row). */
    const roomVerdict = (room: string, caller: Caller, resource: Resource | null): string => {
      const kind = room.split(":")[0] as keyof typeof ROOM_PERMISSIONS;
      const permission: Permission | undefined = ROOM_PERMISSIONS[kind];
      if (!permission) return "FORBIDDEN";
      if (resource) return allows(permission, caller, resource) ? "ok" : "FORBIDDEN";
      return allows(permission, caller) ? "NOT_FOUND" : "FORBIDDEN";
    };

    it("subscribe and the polling route's rooms= answer every room as the policy says", async () => {
      const { users } = ctx;
      const got: string[] = [];
      const want: string[] = [];
      for (const who of PEOPLE) {
        const caller = callerOf(users, who);
        for (const { room, resource } of roomCases(users, targets.get("CONFIRMED")!)) {
          const verdict = roomVerdict(room, caller, resource);
          const answer = await ask(sockets.get(who)!, "subscribe", { room });
          if (answer.ok) await ask(sockets.get(who)!, "unsubscribe", { room });
          got.push(`subscribe ${room} as ${who}: ${answer.ok ? "ok" : answer.error.code}`);
          want.push(`subscribe ${room} as ${who}: ${verdict}`);
          if (room === "lobby" || room.startsWith("user:")) continue; // not a room name the polling route parses
          const polled = await users[who].get(`/api/realtime/events?since=0&limit=1&rooms=${encodeURIComponent(room)}`);
          got.push(`poll ${room} as ${who}: ${polled.status === 200 ? "ok" : polled.body.error.code}`);
          want.push(`poll ${room} as ${who}: ${verdict}`);
        }
      }
      expect(got).toEqual(want);
    });

    it("client events that read or write a booking answer as the policy says", async () => {
      const { users } = ctx;
      const bookingId = targets.get("CONFIRMED")!;
      const resource = { clientId: users.client.user!.id, providerId: users.provider.user!.id, status: "CONFIRMED" as const };
      const got: string[] = [];
      const want: string[] = [];
      const verdict = (ok: boolean) => (ok ? "ok" : "FORBIDDEN");
      for (const who of PEOPLE) {
        const socket = sockets.get(who)!;
        const caller = callerOf(users, who);
        const cases: [string, Promise<{ ok: boolean; error?: { code: string } }>, boolean][] = [
          ["stats:get", ask(socket, "stats:get", {}), allows("realtime.stats", caller)],
          ["booking:get", ask(socket, "booking:get", { bookingId }), allows("booking.read", caller, resource)],
          ["chat:send", ask(socket, "chat:send", { bookingId, body: "matrix probe" }), allows("chat.send", caller, resource)],
        ];
        for (const [event, answer, allowed] of cases) {
          const { ok, error } = await answer;
          got.push(`${event} as ${who}: ${ok ? "ok" : error!.code}`);
          want.push(`${event} as ${who}: ${verdict(allowed)}`);
        }
      }
      expect(got).toEqual(want);
    });

    it("catch-up (sync and polling) returns a booking's events to exactly the audience the policy pushes them to", async () => {
      const { users } = ctx;
      const reaches = (targetRooms: string[], caller: Caller) =>
        targetRooms.includes(rooms.user(caller.id)) || targetRooms.includes(rooms.role(caller.role)) || targetRooms.includes(rooms.everyone);
      const got: string[] = [];
      const want: string[] = [];
      for (const variant of VARIANTS) {
        const since = await latestEventId(ctx.server);
        const bookingId = await bookingInVariant(users, ctx.server, variant);
        // A message in every booking's history, from its client: chat is never in the catch-up of a third party.
        const sent = await users.client.post(`/api/bookings/${bookingId}/messages`, { body: `matrix ${variant}` });
        expect(sent.status).toBe(201);
        const resource = { clientId: users.client.user!.id, providerId: users.provider.user!.id, status: statusOf(variant), disputed: variant === "DISPUTED" };
        for (const who of PEOPLE) {
          const caller = callerOf(users, who);
          const types = async (events: { type: string; data: { booking?: { id: string }; message?: { bookingId: string } } }[]) =>
            [...new Set(events.filter((e) => (e.data.booking?.id ?? e.data.message?.bookingId) === bookingId).map((e) => e.type))].sort().join(",");
          const polled = await users[who].get(`/api/realtime/events?since=${since}&limit=1000`);
          const synced = await ask(sockets.get(who)!, "sync", { since, limit: 1000 });
          expect([polled.body.hasMore, synced.hasMore], `one page holds the booking's history: ${JSON.stringify(synced).slice(0, 200)}`).toEqual([false, false]);
          const expected = [
            ...(reaches(audienceRooms("booking.read", resource), caller) ? ["booking:updated"] : []),
            ...(reaches(audienceRooms("chat.read", resource), caller) ? ["chat:message"] : []),
            ...(reaches(audienceRooms("booking.read", resource), caller) && variant === "DISPUTED" ? ["payment:updated"] : []),
          ]
            .sort()
            .join(",");
          got.push(`${variant} polled as ${who}: ${await types(polled.body.events)}`, `${variant} synced as ${who}: ${await types(synced.events)}`);
          want.push(`${variant} polled as ${who}: ${expected}`, `${variant} synced as ${who}: ${expected}`);
        }
      }
      expect(got).toEqual(want);
    });
  });
});
