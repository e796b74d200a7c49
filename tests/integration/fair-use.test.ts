import { beforeEach, describe, expect, it } from "vitest";
import type { ApiClient } from "./support/api";
import { future } from "./support/api";
import { serviceOf, useServer } from "./support/fixtures";
import { DATABASES } from "./support/server";

const CAP = 3;
const OPEN = ["PENDING", "CONFIRMED", "IN_PROGRESS"];

describe.each(DATABASES)("open bookings per client on %s", (kind) => {
  const ctx = useServer(kind, { MAX_OPEN_BOOKINGS_PER_CLIENT: String(CAP), SCHEDULER_INTERVAL_MS: "100" });

  async function cancelOpenBookings(user: ApiClient) {
    const { body } = await user.get("/api/bookings");
    for (const booking of body.bookings as { id: string; status: string }[]) {
      if (OPEN.includes(booking.status)) expect((await user.post(`/api/bookings/${booking.id}/cancel`)).status).toBe(200);
    }
  }
  const book = (user: ApiClient, serviceId: string) => user.post("/api/bookings", { serviceId, scheduledAt: future(72) });
  const available = async (serviceId: string) =>
    Number((await ctx.server.query<{ available: number }>(`SELECT available FROM "Service" WHERE id = $1`, [serviceId]))[0].available);

  // provider2's first service has 4 units: the fourth booking fails on the cap, not on availability.
  beforeEach(async () => {
    await cancelOpenBookings(ctx.users.client);
    await cancelOpenBookings(ctx.users.client2);
  });

  it(`the ${CAP + 1}th open booking is refused and changes nothing; another client still books; cancelling one makes room`, async () => {
    const { users } = ctx;
    const service = await serviceOf(users, "provider2");
    const made = [];
    for (let i = 0; i < CAP; i++) {
      const reply = await book(users.client, service.id);
      expect(reply.status).toBe(201);
      made.push(reply.body.booking.id as string);
    }
    const refused = await book(users.client, service.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("TOO_MANY_OPEN_BOOKINGS");
    expect(await available(service.id)).toBe(service.capacity - CAP);

    expect((await book(users.client2, service.id)).status).toBe(201);

    expect((await users.client.post(`/api/bookings/${made[0]}/cancel`)).status).toBe(200);
    expect((await book(users.client, service.id)).status).toBe(201);
  });

  it(`${CAP * 3} bookings sent together by one client: exactly ${CAP} are made, the rest get 409`, async () => {
    const { users } = ctx;
    const services = [await serviceOf(users, "provider"), await serviceOf(users, "provider2")];
    const replies = await Promise.all(Array.from({ length: CAP * 3 }, (_, i) => book(users.client, services[i % 2].id)));
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(CAP);
    for (const reply of replies.filter((r) => r.status !== 201)) {
      expect(reply.status).toBe(409);
      expect(reply.body.error.code).toBe("TOO_MANY_OPEN_BOOKINGS");
    }
    const { body } = await users.client.get("/api/bookings");
    expect(body.bookings.filter((b: { status: string }) => OPEN.includes(b.status))).toHaveLength(CAP);
    const held = services.map((s) => s.capacity).reduce((a, b) => a + b) - (await available(services[0].id)) - (await available(services[1].id));
    expect(held).toBe(CAP);
  });

  it("renewing an expired hold counts as a new open booking", async () => {
    const { users, server } = ctx;
    const service = await serviceOf(users, "provider2");
    const first = (await book(users.client, service.id)).body.booking.id as string;
    // The hold runs out (as if 15 minutes had passed) and the scheduler expires it.
    const past = kind === "sqlite" ? new Date(Date.now() - 60_000).toISOString() : new Date(Date.now() - 60_000);
    await server.query(`UPDATE "Booking" SET "holdExpiresAt" = $1 WHERE id = $2`, [past, first]);
    await expect
      .poll(async () => (await users.client.get(`/api/bookings/${first}`)).body.booking.status, { timeout: 10_000, interval: 100 })
      .toBe("EXPIRED");
    const others = [];
    for (let i = 0; i < CAP; i++) others.push((await book(users.client, service.id)).body.booking.id as string);

    const refused = await users.client.post(`/api/bookings/${first}/renew`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("TOO_MANY_OPEN_BOOKINGS");
    expect((await users.client.get(`/api/bookings/${first}`)).body.booking.status).toBe("EXPIRED");

    expect((await users.client.post(`/api/bookings/${others[0]}/cancel`)).status).toBe(200);
    const renewed = await users.client.post(`/api/bookings/${first}/renew`);
    expect(renewed.status).toBe(200);
    expect(renewed.body.booking.status).toBe("PENDING");
  });
});
