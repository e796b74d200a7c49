import { describe, expect, it } from "vitest";
import { future } from "./support/api";
import { bookingIn, pendingBooking, serviceOf, useServer } from "./support/fixtures";
import { DATABASES } from "./support/server";

describe.each(DATABASES)("bookings on %s", (kind) => {
  const ctx = useServer(kind);

  it("a client books a unit: PENDING with a hold, one unit taken, event and notifications stored", async () => {
    const { users, server } = ctx;
    const service = await serviceOf(users, "provider", 2);
    const reply = await users.client.post("/api/bookings", { serviceId: service.id, scheduledAt: future() });
    expect(reply.status).toBe(201);
    const booking = reply.body.booking;
    expect(booking).toMatchObject({ status: "PENDING", serviceId: service.id, clientId: users.client.user!.id });
    expect(new Date(booking.holdExpiresAt).getTime()).toBeGreaterThan(Date.now());

    const [row] = await server.query<{ available: number }>(`SELECT available FROM "Service" WHERE id = $1`, [service.id]);
    expect(Number(row.available)).toBe(1);
    const events = await server.query<{ type: string; target: string }>(
      `SELECT e.type, t.target FROM "Event" e JOIN "EventTarget" t ON t."eventId" = e.id
       WHERE e.payload LIKE $1 AND e.type = 'booking:updated' ORDER BY t.target`,
      [`%${booking.id}%`],
    );
    expect(events.map((e) => e.target).sort()).toEqual(
      [
        "role:ADMIN",
        "role:STAFF",
        `booking:${booking.id}`,
        `provider:${users.provider.user!.id}`,
        `user:${users.client.user!.id}`,
        `user:${users.provider.user!.id}`,
      ].sort(),
    );
    const inbox = await users.provider.get("/api/notifications");
    expect(inbox.body.notifications[0]).toMatchObject({ title: "New booking request", priority: "high", read: false });
  });

  it("refuses bad input with 400 naming the field, and changes nothing", async () => {
    const { users, server } = ctx;
    const service = await serviceOf(users, "provider", 2);
    const cases: [unknown, string][] = [
      [{ scheduledAt: future() }, "serviceId"],
      [{ serviceId: service.id }, "scheduledAt"],
      [{ serviceId: service.id, scheduledAt: "tomorrow" }, "scheduledAt"],
      [{ serviceId: service.id, scheduledAt: new Date(Date.now() - 60_000).toISOString() }, "scheduledAt"],
      // Past the booking horizon (BOOKING_HORIZON_DAYS, 365): the year 9999 is a typo.
      [{ serviceId: service.id, scheduledAt: "9999-12-31T10:00:00Z" }, "scheduledAt"],
      [{ serviceId: service.id, scheduledAt: future(366 * 24) }, "scheduledAt"],
      [{ serviceId: 42, scheduledAt: future() }, "serviceId"],
      [{ serviceId: service.id, scheduledAt: future(), extra: 1 }, "extra"],
    ];
    for (const [body, field] of cases) {
      const reply = await users.client.post("/api/bookings", body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body.error).toMatchObject({ code: "VALIDATION_ERROR", field });
    }
    const broken = await users.client.request("POST", "/api/bookings", "{not json", { "content-type": "application/json" });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe("INVALID_JSON");
    const [row] = await server.query<{ available: number }>(`SELECT available FROM "Service" WHERE id = $1`, [service.id]);
    expect(Number(row.available)).toBe(2);
  });

  it("an unknown service is 404 and a full one is 409 NO_AVAILABILITY", async () => {
    const { users } = ctx;
    const missing = await users.client.post("/api/bookings", { serviceId: "nope", scheduledAt: future() });
    expect(missing.status).toBe(404);
    const service = await serviceOf(users, "provider", 0);
    const full = await users.client.post("/api/bookings", { serviceId: service.id, scheduledAt: future() });
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe("NO_AVAILABILITY");
  });

  it("ten parallel requests for three free units give three bookings and seven 409s", async () => {
    const { users, server } = ctx;
    const service = await serviceOf(users, "provider2", 3);
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? users.client : users.client2).post("/api/bookings", { serviceId: service.id, scheduledAt: future() }),
      ),
    );
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 409, 409, 409, 409, 409, 409, 409]);
    for (const r of replies.filter((r) => r.status === 409)) expect(r.body.error.code).toBe("NO_AVAILABILITY");
    const [row] = await server.query<{ available: number }>(`SELECT available FROM "Service" WHERE id = $1`, [service.id]);
    expect(Number(row.available)).toBe(0);
    const ids = replies.filter((r) => r.status === 201).map((r) => r.body.booking.id);
    const held = await server.query(`SELECT id FROM "Booking" WHERE "serviceId" = $1 AND status = 'PENDING'`, [service.id]);
    expect(held.map((r) => r.id).sort()).toEqual(ids.sort());
  });

  it("walks the booking state machine; illegal steps are 409 and change nothing", async () => {
    const { users } = ctx;
    const booking = await pendingBooking(users);
    const path = (action: string) => `/api/bookings/${booking.id}/${action}`;
    expect((await users.provider.post(path("start"))).status).toBe(409);
    expect((await users.provider.post(path("complete"))).status).toBe(409);
    expect((await users.provider.post(path("accept"))).body.booking.status).toBe("CONFIRMED");
    const again = await users.provider.post(path("accept"));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("INVALID_TRANSITION");
    expect((await users.provider.post(path("reject"))).status).toBe(409);
    expect((await users.provider.post(path("start"))).body.booking.status).toBe("IN_PROGRESS");
    expect((await users.client.post(path("cancel"))).status).toBe(409);
    expect((await users.provider.post(path("complete"))).body.booking.status).toBe("COMPLETED");
    expect((await users.client.get(`/api/bookings/${booking.id}`)).body.booking.status).toBe("COMPLETED");
    expect((await users.provider.post(`/api/bookings/${booking.id}/explode`)).status).toBe(404);
  });

  it("cancel, reject and decline free the unit; completing frees it for the next client", async () => {
    const { users, server } = ctx;
    const available = async (id: string) =>
      Number((await server.query<{ available: number }>(`SELECT available FROM "Service" WHERE id = $1`, [id]))[0].available);
    const cases: [string, (id: string) => Promise<{ status: number }>][] = [
      ["client cancels", (id) => users.client.post(`/api/bookings/${id}/cancel`)],
      ["provider cancels", (id) => users.provider.post(`/api/bookings/${id}/cancel`)],
      ["provider rejects", (id) => users.provider.post(`/api/bookings/${id}/reject`)],
      ["admin declines", (id) => users.admin.post(`/api/admin/bookings/${id}/decline`, { reason: "duplicate" })],
    ];
    for (const [label, act] of cases) {
      const booking = await pendingBooking(users);
      const before = await available(booking.serviceId);
      expect((await act(booking.id)).status, label).toBe(200);
      expect(await available(booking.serviceId), label).toBe(before + 1);
    }
    const done = await bookingIn(users, "COMPLETED");
    const service = (await server.query<{ capacity: number }>(`SELECT capacity FROM "Service" WHERE id = $1`, [done.serviceId]))[0];
    expect(await available(done.serviceId)).toBe(Number(service.capacity));
  });

  it("admin decline is audited; availability set by hand is audited and bounded by capacity", async () => {
    const { users } = ctx;
    const booking = await bookingIn(users, "CONFIRMED");
    const declined = await users.admin.post(`/api/admin/bookings/${booking.id}/decline`, { reason: "fraud check" });
    expect(declined.body.booking.status).toBe("DECLINED");
    const service = await serviceOf(users, "provider", 1);
    const over = await users.admin.put(`/api/admin/services/${service.id}/availability`, { available: service.capacity + 1 });
    expect(over.status).toBe(400);
    expect(over.body.error.field).toBe("available");
    const audit = await users.admin.get("/api/admin/audit");
    const actions = audit.body.entries.map((e: { action: string; targetId: string }) => `${e.action}:${e.targetId}`);
    expect(actions).toContain(`booking.decline:${booking.id}`);
    expect(actions).toContain(`service.availability.set:${service.id}`);
  });
});
