import { describe, expect, it } from "vitest";
import { ApiClient, DEMO_PASSWORD, future, signInWithCookie, signWebhook, type DemoUsers } from "./support/api";
import { pendingBooking, serviceOf, stateFingerprint, useServer } from "./support/fixtures";
import { MANUAL_PROCESSOR } from "./support/money";
import { DATABASES, TEST_SECRETS } from "./support/server";
import { cookieOf } from "./support/sockets";

/**
 * The HTTP authorization matrix: every API route (docs/api.md, docs/realtime.md), asked by
 * every kind of caller: nobody, the booking's own client and provider, another client and
 * provider, an admin, staff, and an internal service with INTERNAL_API_SECRET. Each cell is
 * the exact status the contract promises. A cell that succeeds in changing something gets
 * a fresh booking of its own; every refusal, and every read, is proven to change nothing.
 */

const CALLERS = ["anonymous", "client", "client2", "provider", "provider2", "admin", "staff", "internal"] as const;
type Who = (typeof CALLERS)[number];
type Row = Record<Who, number>;
type Target = { bookingId: string; serviceId: string };

type Cell = {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: (t: Target) => string;
  body?: (t: Target) => unknown;
  headers?: (body: string) => Record<string, string>;
  /** For callers whose cell succeeds in changing state: a target of their own. */
  fresh?: (users: DemoUsers) => Promise<Target>;
  expect: Row;
};

/** Every signed-in caller gets `ok`; nobody and the internal secret (not a user's token) get 401. */
const signedIn = (ok: number): Row => ({ anonymous: 401, client: ok, client2: ok, provider: ok, provider2: ok, admin: ok, staff: ok, internal: 401 });
const everyone = (status: number): Row => ({ anonymous: status, client: status, client2: status, provider: status, provider2: status, admin: status, staff: status, internal: status });
/** Refused to every signed-in caller except those listed. */
const only = (allowed: Partial<Row>): Row => ({ ...signedIn(403), ...allowed });

const freshPending = async (users: DemoUsers): Promise<Target> => {
  const booking = await pendingBooking(users);
  return { bookingId: booking.id, serviceId: booking.serviceId };
};
const freshCashPromise = async (users: DemoUsers): Promise<Target> => {
  const target = await freshPending(users);
  const paid = await users.client.post(`/api/payments/${target.bookingId}/pay`, { method: "CASH" });
  if (paid.status !== 200) throw new Error(`cash payment failed: ${JSON.stringify(paid.body)}`);
  return target;
};
/** A service with its units reset, so a new booking always finds one. */
const freshService = async (users: DemoUsers): Promise<Target> => ({ bookingId: "", serviceId: (await serviceOf(users)).id });

function matrix(users: DemoUsers): Record<string, Cell> {
  const booking = (action: string) => (t: Target) => `/api/bookings/${t.bookingId}/${action}`;
  const unsigned = JSON.stringify({ bookingId: "x", status: "PAID" });
  return {
    "POST /api/token": { method: "POST", path: () => "/api/token", body: () => ({ email: "client@demo.test", password: DEMO_PASSWORD }), expect: everyone(200) },
    "GET /api/health": { method: "GET", path: () => "/api/health", expect: everyone(200) },
    "GET /api/services": { method: "GET", path: () => "/api/services", expect: signedIn(200) },
    "GET /api/bookings": { method: "GET", path: () => "/api/bookings", expect: signedIn(200) },
    "POST /api/bookings": {
      method: "POST",
      path: () => "/api/bookings",
      body: (t) => ({ serviceId: t.serviceId, scheduledAt: future() }),
      fresh: freshService,
      expect: only({ client: 201, client2: 201 }),
    },
    "GET /api/bookings/:id": { method: "GET", path: (t) => `/api/bookings/${t.bookingId}`, expect: only({ client: 200, provider: 200, admin: 200, staff: 200 }) },
    "GET /api/bookings/:unknown": { method: "GET", path: () => "/api/bookings/no-such-booking", expect: signedIn(404) },
    "GET /api/bookings/:id/presence": { method: "GET", path: booking("presence"), expect: only({ client: 200, provider: 200, admin: 200, staff: 200 }) },
    "POST /api/bookings/:id/accept": { method: "POST", path: booking("accept"), fresh: freshPending, expect: only({ provider: 200 }) },
    "POST /api/bookings/:id/reject": { method: "POST", path: booking("reject"), fresh: freshPending, expect: only({ provider: 200 }) },
    // Allowed but illegal from PENDING: 409 proves the caller got past the authorization.
    "POST /api/bookings/:id/start": { method: "POST", path: booking("start"), expect: only({ provider: 409 }) },
    "POST /api/bookings/:id/complete": { method: "POST", path: booking("complete"), expect: only({ provider: 409 }) },
    "POST /api/bookings/:id/cancel": { method: "POST", path: booking("cancel"), fresh: freshPending, expect: only({ client: 200, provider: 200 }) },
    "POST /api/bookings/:id/renew": { method: "POST", path: booking("renew"), expect: only({ client: 409 }) },
    // Allowed callers get past authorization to the state: a PENDING booking is not completed work, and has no dispute.
    "POST /api/bookings/:id/confirm": { method: "POST", path: booking("confirm"), expect: only({ client: 409 }) },
    "POST /api/bookings/:id/dispute": { method: "POST", path: booking("dispute"), body: () => ({ reason: "authz probe: the work was not done" }), expect: only({ client: 409 }) },
    "GET /api/admin/disputes": { method: "GET", path: () => "/api/admin/disputes", expect: only({ admin: 200 }) },
    "POST /api/admin/disputes/:id/resolve": { method: "POST", path: (t) => `/api/admin/disputes/${t.bookingId}/resolve`, body: () => ({ outcome: "refund" }), expect: only({ admin: 409 }) },
    "GET /api/admin/ledger/check": { method: "GET", path: () => "/api/admin/ledger/check", expect: only({ admin: 200, staff: 200 }) },
    "POST /api/bookings/:id/<unknown action>": { method: "POST", path: booking("delete"), expect: signedIn(404) },
    "POST /api/bookings/:unknown/accept": { method: "POST", path: () => "/api/bookings/no-such-booking/accept", expect: signedIn(404) },
    "GET /api/bookings/:id/messages": { method: "GET", path: booking("messages"), expect: only({ client: 200, provider: 200 }) },
    "POST /api/bookings/:id/messages": { method: "POST", path: booking("messages"), body: () => ({ body: "authz probe" }), expect: only({ client: 201, provider: 201 }) },
    "POST /api/admin/bookings/:id/decline": {
      method: "POST",
      path: (t) => `/api/admin/bookings/${t.bookingId}/decline`,
      body: () => ({ reason: "authz probe" }),
      fresh: freshPending,
      expect: only({ admin: 200 }),
    },
    "PUT /api/admin/services/:id/availability": {
      method: "PUT",
      path: (t) => `/api/admin/services/${t.serviceId}/availability`,
      body: () => ({ available: 1 }),
      fresh: freshService,
      expect: only({ admin: 200 }),
    },
    "GET /api/admin/activity": { method: "GET", path: () => "/api/admin/activity", expect: only({ admin: 200 }) },
    "GET /api/notifications/preferences": { method: "GET", path: () => "/api/notifications/preferences", expect: signedIn(200) },
    "PUT /api/notifications/preferences": {
      method: "PUT",
      path: () => "/api/notifications/preferences",
      body: () => ({ chat: { toast: true } }),
      expect: signedIn(200),
    },
    "GET /api/services/watches": { method: "GET", path: () => "/api/services/watches", expect: only({ client: 200, client2: 200 }) },
    // The service has free units: watching it is allowed but pointless, 409.
    "POST /api/services/:id/watch": { method: "POST", path: (t) => `/api/services/${t.serviceId}/watch`, expect: only({ client: 409, client2: 409 }) },
    "DELETE /api/services/:id/watch": { method: "DELETE", path: (t) => `/api/services/${t.serviceId}/watch`, expect: only({ client: 200, client2: 200 }) },
    "GET /api/services/:id/alert-threshold": { method: "GET", path: (t) => `/api/services/${t.serviceId}/alert-threshold`, expect: only({ provider: 200 }) },
    "PUT /api/services/:id/alert-threshold": {
      method: "PUT",
      path: (t) => `/api/services/${t.serviceId}/alert-threshold`,
      body: () => ({ threshold: 1 }),
      expect: only({ provider: 200 }),
    },
    "GET /api/admin/audit": { method: "GET", path: () => "/api/admin/audit", expect: only({ admin: 200 }) },
    "POST /api/payments/:id/pay": { method: "POST", path: (t) => `/api/payments/${t.bookingId}/pay`, body: () => ({ method: "CARD" }), fresh: freshPending, expect: only({ client: 200 }) },
    "POST /api/payments/:id/verify-cash": { method: "POST", path: (t) => `/api/payments/${t.bookingId}/verify-cash`, fresh: freshCashPromise, expect: only({ provider: 200 }) },
    "POST /api/webhooks/payments (unsigned)": { method: "POST", path: () => "/api/webhooks/payments", body: () => unsigned, expect: everyone(401) },
    "POST /api/webhooks/payments (signed with another secret)": {
      method: "POST",
      path: () => "/api/webhooks/payments",
      body: () => unsigned,
      headers: (body) => ({ "x-signature": signWebhook(body, "someone-elses-secret") }),
      expect: everyone(401),
    },
    "GET /api/notifications": { method: "GET", path: () => "/api/notifications", expect: signedIn(200) },
    "POST /api/notifications/read": { method: "POST", path: () => "/api/notifications/read", body: () => ({ all: true }), expect: signedIn(200) },
    "GET /api/realtime/events": { method: "GET", path: () => "/api/realtime/events?since=0", expect: signedIn(200) },
    "GET /api/realtime/connection-status": { method: "GET", path: () => "/api/realtime/connection-status", expect: signedIn(200) },
    "GET /api/realtime/connections": { method: "GET", path: () => "/api/realtime/connections", expect: only({ admin: 200, staff: 200 }) },
    "GET /api/realtime/stats": { method: "GET", path: () => "/api/realtime/stats", expect: only({ admin: 200, staff: 200, internal: 200 }) },
    "GET /api/metrics": { method: "GET", path: () => "/api/metrics", expect: only({ admin: 200, staff: 200, internal: 200 }) },
    "POST /api/realtime/trigger": {
      method: "POST",
      path: () => "/api/realtime/trigger",
      // Volatile: delivered to sockets, stored nowhere, so even its successes change no row.
      body: () => ({ event: "authz:probe", data: {}, to: { users: [users.client.user!.id] }, durable: false }),
      expect: only({ admin: 202, internal: 202 }),
    },
    "POST /api/realtime/announcement": {
      method: "POST",
      path: () => "/api/realtime/announcement",
      body: () => ({ message: "authz probe", level: "info", roles: ["STAFF"] }),
      expect: only({ admin: 201 }),
    },
    "GET /api/<unknown>": { method: "GET", path: () => "/api/no-such-route", expect: everyone(404) },
  };
}

describe.each(DATABASES)("authorization matrix over HTTP on %s", (kind) => {
  // No processor confirmations in the background: every state change is one of the matrix's own.
  const ctx = useServer(kind, MANUAL_PROCESSOR);

  it("every route answers every caller with the status in its cell; refusals and reads change nothing", async () => {
    const { server, users } = ctx;
    const callers: Record<Who, ApiClient> = { ...users, internal: new ApiClient(server, { authorization: `Bearer ${TEST_SECRETS.INTERNAL_API_SECRET}` }) };
    const shared = await freshPending(users);
    const mismatches: string[] = [];
    for (const [route, cell] of Object.entries(matrix(users))) {
      for (const who of CALLERS) {
        const expected = cell.expect[who];
        const succeeds = expected < 300;
        const target = cell.fresh && succeeds ? await cell.fresh(users) : shared;
        const body = cell.body?.(target);
        const text = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
        const before = await stateFingerprint(server);
        const reply = await callers[who].request(cell.method, cell.path(target), text, { ...(text ? { "content-type": "application/json" } : {}), ...cell.headers?.(text ?? "") });
        if (reply.status !== expected) mismatches.push(`${route} as ${who}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 120)}, expected ${expected}`);
        if (reply.status >= 400) expect(reply.body?.error?.code, `${route} as ${who}`).toMatch(/^[A-Z_]+$/);
        if (!succeeds || cell.method === "GET") expect(await stateFingerprint(server), `${route} as ${who} changed nothing`).toEqual(before);
      }
    }
    expect(mismatches).toEqual([]);
    // The shared booking went through every refusal untouched.
    expect((await users.client.get(`/api/bookings/${shared.bookingId}`)).body.booking).toMatchObject({ status: "PENDING", payment: null });
    // Some 400 requests, one after another: a busy CI machine takes longer than the default 30 s.
  }, 180_000);
});

describe("pages by role (sqlite)", () => {
  const ctx = useServer("sqlite");
  /** Who may see each page; ADMIN can do everything STAFF can, so the staff monitor too. */
  const PAGES: Record<string, string[]> = { "/client": ["CLIENT"], "/provider": ["PROVIDER"], "/admin": ["ADMIN"], "/staff": ["STAFF", "ADMIN"] };
  const HOME = { CLIENT: "/client", PROVIDER: "/provider", ADMIN: "/admin", STAFF: "/staff" } as const;

  it("each dashboard renders for its roles only: others are sent to their own, visitors to sign in", async () => {
    const browsers = {
      anonymous: new ApiClient(ctx.server),
      ...Object.fromEntries(
        await Promise.all(
          (["CLIENT", "PROVIDER", "ADMIN", "STAFF"] as const).map(async (role) => [role, await signInWithCookie(ctx.server, `${role.toLowerCase()}@demo.test`)]),
        ),
      ),
    } as Record<"anonymous" | keyof typeof HOME, ApiClient>;
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const [page, roles] of Object.entries(PAGES)) {
      for (const [who, browser] of Object.entries(browsers)) {
        const reply = await fetch(ctx.server.url + page, { headers: who === "anonymous" ? {} : { cookie: cookieOf(browser) }, redirect: "manual" });
        const location = reply.headers.get("location");
        outcomes.push(`${page} as ${who}: ${reply.status} ${location ? new URL(location, ctx.server.url).pathname : ""}`.trim());
        const own = roles.includes(who);
        const goes = who === "anonymous" ? "/signin" : HOME[who as keyof typeof HOME];
        expected.push(own ? `${page} as ${who}: 200` : `${page} as ${who}: 307 ${goes}`);
      }
    }
    expect(outcomes).toEqual(expected);
  });
});
