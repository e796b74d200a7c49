import { describe, expect, it } from "vitest";
import { future, type DemoUsers } from "./support/api";
import { pendingBooking, useServer } from "./support/fixtures";
import { DATABASES } from "./support/server";

type Who = keyof DemoUsers;
type Cell = { method: "GET" | "POST" | "PUT"; path: string; body?: unknown; expect: Partial<Record<Who, number>> };

/**
 * Every route, asked by every kind of caller: the booking's own client and provider,
 * another client and provider, an admin, staff, and nobody. Each cell is the status the
 * contract promises. Cells that would succeed in changing state are left to the flow
 * tests; here the point is that every refusal refuses, and changes nothing.
 */
function matrix(b: { id: string; serviceId: string }): Cell[] {
  const everyone = { client: 200, client2: 200, provider: 200, provider2: 200, admin: 200, staff: 200, anonymous: 401 };
  const providerOnly = { anonymous: 401, client: 403, client2: 403, provider2: 403, admin: 403, staff: 403 };
  const participants = { anonymous: 401, client: 200, provider: 200, client2: 403, provider2: 403, admin: 403, staff: 403 };
  return [
    { method: "GET", path: "/api/services", expect: everyone },
    { method: "GET", path: "/api/notifications", expect: everyone },
    { method: "POST", path: "/api/notifications/read", body: { all: true }, expect: everyone },
    { method: "GET", path: "/api/health", expect: { ...everyone, anonymous: 200 } },
    { method: "GET", path: "/api/bookings", expect: everyone },
    {
      method: "POST",
      path: "/api/bookings",
      body: { serviceId: b.serviceId, scheduledAt: future() },
      expect: { anonymous: 401, provider: 403, provider2: 403, admin: 403, staff: 403 },
    },
    {
      method: "GET",
      path: `/api/bookings/${b.id}`,
      expect: { anonymous: 401, client: 200, provider: 200, admin: 200, staff: 200, client2: 403, provider2: 403 },
    },
    ...["accept", "reject", "start", "complete"].map((a): Cell => ({ method: "POST", path: `/api/bookings/${b.id}/${a}`, expect: providerOnly })),
    {
      method: "POST",
      path: `/api/bookings/${b.id}/cancel`,
      expect: { anonymous: 401, client2: 403, provider2: 403, admin: 403, staff: 403 },
    },
    {
      method: "POST",
      path: `/api/bookings/${b.id}/renew`,
      expect: { anonymous: 401, client2: 403, provider: 403, provider2: 403, admin: 403, staff: 403 },
    },
    {
      method: "POST",
      path: `/api/admin/bookings/${b.id}/decline`,
      expect: { anonymous: 401, client: 403, client2: 403, provider: 403, provider2: 403, staff: 403 },
    },
    {
      method: "PUT",
      path: `/api/admin/services/${b.serviceId}/availability`,
      body: { available: 0 },
      expect: { anonymous: 401, client: 403, client2: 403, provider: 403, provider2: 403, staff: 403 },
    },
    {
      method: "GET",
      path: "/api/admin/audit",
      expect: { anonymous: 401, client: 403, client2: 403, provider: 403, provider2: 403, staff: 403, admin: 200 },
    },
    {
      method: "GET",
      path: "/api/admin/activity",
      expect: { anonymous: 401, client: 403, client2: 403, provider: 403, provider2: 403, staff: 403, admin: 200 },
    },
    {
      method: "POST",
      path: `/api/payments/${b.id}/pay`,
      body: { method: "CARD" },
      expect: { anonymous: 401, client2: 403, provider: 403, provider2: 403, admin: 403, staff: 403 },
    },
    {
      method: "POST",
      path: `/api/payments/${b.id}/verify-cash`,
      expect: { anonymous: 401, client: 403, client2: 403, provider2: 403, admin: 403, staff: 403 },
    },
    { method: "GET", path: `/api/bookings/${b.id}/messages`, expect: participants },
    {
      method: "POST",
      path: `/api/bookings/${b.id}/messages`,
      body: { body: "hello" },
      expect: { ...participants, client: 201, provider: 201 },
    },
  ];
}

describe.each(DATABASES)("authorization on %s", (kind) => {
  const ctx = useServer(kind);

  it("every route answers every caller as the contract says, and refusals change nothing", async () => {
    const { users, server } = ctx;
    const booking = await pendingBooking(users);
    const [before] = await server.query<{ available: number }>(`SELECT available FROM "Service" WHERE id = $1`, [booking.serviceId]);
    const auditBefore = await server.query(`SELECT id FROM "AuditLog" ORDER BY id`);
    const mismatches: string[] = [];
    for (const cell of matrix(booking)) {
      for (const [who, status] of Object.entries(cell.expect) as [Who, number][]) {
        const reply = await users[who].request(cell.method, cell.path, cell.body);
        if (reply.status !== status) mismatches.push(`${cell.method} ${cell.path} as ${who}: ${reply.status}, expected ${status}`);
        if (reply.status >= 400) expect(reply.body.error.code, `${cell.path} as ${who}`).toMatch(/^[A-Z_]+$/);
      }
    }
    expect(mismatches).toEqual([]);
    const after = (await users.client.get(`/api/bookings/${booking.id}`)).body.booking;
    expect(after).toMatchObject({ status: "PENDING", payment: null });
    const [now] = await server.query<{ available: number }>(`SELECT available FROM "Service" WHERE id = $1`, [booking.serviceId]);
    expect(Number(now.available)).toBe(Number(before.available));
    expect(await server.query(`SELECT id FROM "AuditLog" ORDER BY id`)).toEqual(auditBefore);
  });

  it("unknown API paths answer 404 in JSON; a booking that does not exist is 404", async () => {
    const { users } = ctx;
    const unknown = await users.client.get("/api/nothing-here");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("NOT_FOUND");
    expect((await users.client.get("/api/bookings/does-not-exist")).status).toBe(404);
    expect((await users.provider.post("/api/bookings/does-not-exist/accept")).status).toBe(404);
  });
});
