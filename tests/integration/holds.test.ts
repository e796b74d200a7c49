import { describe, expect, it } from "vitest";
import { future } from "./support/api";
import { pendingBooking, serviceOf, useServer } from "./support/fixtures";
import { DATABASES } from "./support/server";

describe.each(DATABASES)("booking holds on %s", (kind) => {
  // A 3-second hold with its warning 2.4 s before the end, checked every 100 ms.
  const ctx = useServer(kind, {
    BOOKING_HOLD_MINUTES: "0.05",
    BOOKING_HOLD_WARNING_MINUTES: "0.04",
    SCHEDULER_INTERVAL_MS: "100",
  });

  const status = async (id: string) => (await ctx.users.admin.get(`/api/bookings/${id}`)).body.booking.status;
  const bookingActions = (id: string) =>
    ctx.server.query<{ payload: string }>(`SELECT payload FROM "Event" WHERE type = 'booking:updated' AND payload LIKE $1 ORDER BY id`, [
      `%${id}%`,
    ]).then((rows) => rows.map((r) => JSON.parse(r.payload).action as string));

  it("warns once, then expires the hold and frees the unit; the client can renew", async () => {
    const { users, server } = ctx;
    const booking = await pendingBooking(users);
    const service = await serviceOf(users, "provider", 1);
    await users.client2.post("/api/bookings", { serviceId: service.id, scheduledAt: future() });
    await expect.poll(() => status(booking.id), { timeout: 10_000, interval: 100 }).toBe("EXPIRED");
    expect(await bookingActions(booking.id)).toEqual(["created", "expiring", "expired"]);
    const [row] = await server.query<{ available: number }>(`SELECT available FROM "Service" WHERE id = $1`, [service.id]);
    expect(Number(row.available)).toBeGreaterThanOrEqual(1);

    expect((await users.client2.post(`/api/bookings/${booking.id}/renew`)).status).toBe(403);
    const renewed = await users.client.post(`/api/bookings/${booking.id}/renew`);
    expect(renewed.status).toBe(200);
    expect(renewed.body.booking.status).toBe("PENDING");
    expect(new Date(renewed.body.booking.holdExpiresAt).getTime()).toBeGreaterThan(Date.now());
    const inbox = await users.client.get("/api/notifications?limit=50");
    const titles = inbox.body.notifications.map((n: { title: string }) => n.title);
    expect(titles).toEqual(expect.arrayContaining(["Your hold is about to expire", "Your booking hold expired"]));
  });

  it("renewing needs a free unit: 409 when the service is full", async () => {
    const { users } = ctx;
    const booking = await pendingBooking(users);
    await expect.poll(() => status(booking.id), { timeout: 10_000, interval: 100 }).toBe("EXPIRED");
    await serviceOf(users, "provider", 0);
    const full = await users.client.post(`/api/bookings/${booking.id}/renew`);
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe("NO_AVAILABILITY");
    expect(await status(booking.id)).toBe("EXPIRED");
  });

  it("an accepted booking is never expired", async () => {
    const { users } = ctx;
    const booking = await pendingBooking(users);
    await users.provider.post(`/api/bookings/${booking.id}/accept`);
    const other = await pendingBooking(users, "client2");
    await expect.poll(() => status(other.id), { timeout: 10_000, interval: 100 }).toBe("EXPIRED");
    expect(await status(booking.id)).toBe("CONFIRMED");
  });

  it("catches up after a restart: a hold that ran out while the server was down expires on start", async () => {
    const { users, server } = ctx;
    const booking = await pendingBooking(users);
    await server.halt();
    // As if the hold ran out while the server was down (timestamps in the adapter's own format).
    const past = kind === "sqlite" ? new Date(Date.now() - 60_000).toISOString() : new Date(Date.now() - 60_000);
    await server.query(`UPDATE "Booking" SET "holdExpiresAt" = $1, "holdWarnedAt" = NULL WHERE id = $2`, [past, booking.id]);
    await server.resume();
    await expect.poll(() => status(booking.id), { timeout: 10_000, interval: 100 }).toBe("EXPIRED");
    expect(await bookingActions(booking.id)).toEqual(["created", "expired"]);
  }, 90_000); // stops and starts a production server
});
