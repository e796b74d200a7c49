import { describe, expect, it } from "vitest";
import { future, type ApiClient } from "./support/api";
import { useServer } from "./support/fixtures";
import { DATABASES } from "./support/server";
import { connectAs, waitFor } from "./support/sockets";

/**
 * Availability alerts against the real server: clients watching a full service hear of
 * each unit that frees up, exactly once; providers hear when free units fall to their
 * threshold, once per crossing. Each test uses its own demo service, so counts are its own.
 */
describe.each(DATABASES)("availability alerts on %s", (kind) => {
  const ctx = useServer(kind);

  type Service = { id: string; title: string; capacity: number; available: number };

  /** A demo service by title, reset by the admin to `available` free units. */
  async function service(title: string, available: number): Promise<Service> {
    const { body } = await ctx.users.admin.get("/api/services");
    const found = body.services.find((s: Service) => s.title === title);
    const reset = await ctx.users.admin.put(`/api/admin/services/${found.id}/availability`, { available });
    expect(reset.status).toBe(200);
    return reset.body.service;
  }

  async function book(client: ApiClient, serviceId: string): Promise<string> {
    const reply = await client.post("/api/bookings", { serviceId, scheduledAt: future() });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body.booking.id;
  }

  async function cancel(client: ApiClient, bookingId: string): Promise<void> {
    expect((await client.post(`/api/bookings/${bookingId}/cancel`)).status).toBe(200);
  }

  /** How many inbox rows of this alert `action` a user holds about a service. */
  async function told(user: ApiClient, action: "spot-opened" | "availability-low", serviceId: string): Promise<number> {
    const rows = await ctx.server.query<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM "Notification" WHERE "userId" = $1 AND data LIKE $2 AND data LIKE $3`,
      [user.user!.id, `%"action":"${action}"%`, `%"serviceId":"${serviceId}"%`],
    );
    return Number(rows[0].n);
  }

  it("a watcher is told once per freed unit: two units freeing are two openings", async () => {
    const { client, client2 } = ctx.users;
    const deep = await service("Deep home cleaning", 2);
    const held = [await book(client2, deep.id), await book(client2, deep.id)];

    const first = await client.post(`/api/services/${deep.id}/watch`);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ serviceId: deep.id, watching: true });
    expect((await client.post(`/api/services/${deep.id}/watch`)).status).toBe(200);
    expect((await client.get("/api/services/watches")).body.serviceIds).toContain(deep.id);
    expect(await told(client, "spot-opened", deep.id)).toBe(0);

    const { socket } = await connectAs(client);
    try {
      const heard = waitFor<{ data: { notification: { title: string; data: { serviceId: string } } } }>(
        socket,
        "notification:new",
        (e) => e.data.notification.data.serviceId === deep.id,
      );
      await cancel(client2, held[0]);
      expect((await heard).data.notification.title).toBe(`A spot opened at ${deep.title}`);
      expect(await told(client, "spot-opened", deep.id)).toBe(1);

      await cancel(client2, held[1]);
      expect(await told(client, "spot-opened", deep.id)).toBe(2);
      // The booker is not a watcher, so hears nothing of it.
      expect(await told(client2, "spot-opened", deep.id)).toBe(0);
    } finally {
      socket.disconnect();
      await client.request("DELETE", `/api/services/${deep.id}/watch`);
    }
  });

  it("a watcher who booked the freed unit, or stopped watching, is not told again", async () => {
    const { client, client2 } = ctx.users;
    const moveOut = await service("Move-out cleaning", 1);
    const byClient2 = await book(client2, moveOut.id);
    await client.post(`/api/services/${moveOut.id}/watch`);

    await cancel(client2, byClient2);
    expect(await told(client, "spot-opened", moveOut.id)).toBe(1);
    // The watcher books the spot they were told of: that ends their watch.
    const byClient = await book(client, moveOut.id);
    expect((await client.get("/api/services/watches")).body.serviceIds).not.toContain(moveOut.id);
    expect((await client2.post(`/api/services/${moveOut.id}/watch`)).status).toBe(200);

    await cancel(client, byClient);
    expect(await told(client2, "spot-opened", moveOut.id)).toBe(1);
    expect(await told(client, "spot-opened", moveOut.id)).toBe(1);

    // client2 stops watching; the next unit to free up tells nobody.
    const again = await book(client, moveOut.id);
    const stopped = await client2.request("DELETE", `/api/services/${moveOut.id}/watch`);
    expect(stopped.body).toEqual({ serviceId: moveOut.id, watching: false });
    await cancel(client, again);
    expect(await told(client2, "spot-opened", moveOut.id)).toBe(1);
    expect(await told(client, "spot-opened", moveOut.id)).toBe(1);
  });

  it("units freed at the same moment: each is one opening, told to each watcher exactly once", async () => {
    const { client, client2 } = ctx.users;
    const training = await service("Personal training session", 5);
    const held = await Promise.all(Array.from({ length: 5 }, () => book(client2, training.id)));
    await client.post(`/api/services/${training.id}/watch`);

    await Promise.all(held.map((id) => cancel(client2, id)));
    expect(await told(client, "spot-opened", training.id)).toBe(5);
    const [row] = await ctx.server.query<{ available: number }>(`SELECT available FROM "Service" WHERE id = $1`, [training.id]);
    expect(Number(row.available)).toBe(5);
    await client.request("DELETE", `/api/services/${training.id}/watch`);
  });

  it("a watch and a freed unit racing: the watch is refused or the watcher is told, never neither", async () => {
    const { client, client2 } = ctx.users;
    const bike = await service("Bike tune-up", 1);
    for (let round = 0; round < 5; round++) {
      const held = await book(client2, bike.id);
      const before = await told(client, "spot-opened", bike.id);
      const [watch] = await Promise.all([client.post(`/api/services/${bike.id}/watch`), cancel(client2, held)]);
      const after = await told(client, "spot-opened", bike.id);
      if (watch.status === 200) expect(after - before).toBe(1);
      else {
        expect(watch.status).toBe(409);
        expect(watch.body.error.code).toBe("SERVICE_AVAILABLE");
        expect(after).toBe(before);
      }
      await client.request("DELETE", `/api/services/${bike.id}/watch`);
    }
  });

  it("the provider is warned when free units fall to the threshold, not above it, once per crossing", async () => {
    const { client, client2, provider2 } = ctx.users;
    const bike = await service("Bike tune-up", 4);
    const set = await provider2.put(`/api/services/${bike.id}/alert-threshold`, { threshold: 2 });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ serviceId: bike.id, threshold: 2 });
    expect((await provider2.get(`/api/services/${bike.id}/alert-threshold`)).body.threshold).toBe(2);
    const warnings = () => told(provider2, "availability-low", bike.id);
    const before = await warnings();

    const first = await book(client, bike.id); // 3 free: above the threshold
    expect(await warnings()).toBe(before);
    const { socket } = await connectAs(provider2);
    try {
      const heard = waitFor<{ data: { notification: { title: string; body: string } } }>(socket, "notification:new", (e) =>
        e.data.notification.title.startsWith(bike.title),
      );
      const second = await book(client2, bike.id); // 2 free: at the threshold
      expect((await heard).data.notification).toMatchObject({ title: `${bike.title} is running low`, body: "2 of 4 slots open (your alert is at 2 slots)." });
      expect(await warnings()).toBe(before + 1);

      const third = await book(client, bike.id); // 1 free: below it, no new crossing
      expect(await warnings()).toBe(before + 1);
      await cancel(client, third); // 2 free: still at it
      await cancel(client2, second); // 3 free: back above, which re-arms the alert
      expect(await warnings()).toBe(before + 1);
      await book(client2, bike.id); // 2 free: a second crossing
      expect(await warnings()).toBe(before + 2);
      await cancel(client, first);
    } finally {
      socket.disconnect();
    }
  });

  it("bookings racing across the threshold cross it once", async () => {
    const { client, provider } = ctx.users;
    const deep = await service("Deep home cleaning", 3);
    await provider.put(`/api/services/${deep.id}/alert-threshold`, { threshold: 1 });
    const before = await told(provider, "availability-low", deep.id);
    const held = await Promise.all([book(client, deep.id), book(client, deep.id)]);
    expect(await told(provider, "availability-low", deep.id)).toBe(before + 1);
    // An admin taking the last unit by hand is below the threshold already: no second warning.
    await ctx.users.admin.put(`/api/admin/services/${deep.id}/availability`, { available: 0 });
    expect(await told(provider, "availability-low", deep.id)).toBe(before + 1);
    await Promise.all(held.map((id) => cancel(client, id)));
    await provider.put(`/api/services/${deep.id}/alert-threshold`, { threshold: null });
  });

  it("only clients watch, only a service's provider sets its threshold; bad input changes nothing", async () => {
    const { client, provider, provider2, admin, anonymous } = ctx.users;
    const moveOut = await service("Move-out cleaning", 0);
    const full = await service("Deep home cleaning", 0);
    expect((await anonymous.post(`/api/services/${full.id}/watch`)).status).toBe(401);
    expect((await provider.post(`/api/services/${full.id}/watch`)).status).toBe(403);
    expect((await admin.post(`/api/services/${full.id}/watch`)).status).toBe(403);
    expect((await client.post("/api/services/no-such-service/watch")).status).toBe(404);
    await service("Deep home cleaning", 2);
    const free = await client.post(`/api/services/${full.id}/watch`);
    expect(free.status).toBe(409);
    expect(free.body.error.code).toBe("SERVICE_AVAILABLE");
    expect((await client.get("/api/services/watches")).body.serviceIds).not.toContain(full.id);
    expect((await provider.get("/api/services/watches")).status).toBe(403);

    const path = `/api/services/${moveOut.id}/alert-threshold`;
    await provider.put(path, { threshold: 1 });
    const refusals: [ApiClient, unknown, number, string?][] = [
      [anonymous, { threshold: 0 }, 401],
      [client, { threshold: 0 }, 403],
      [admin, { threshold: 0 }, 403],
      [provider2, { threshold: 0 }, 403],
      [provider, { threshold: 2 }, 400, "threshold"], // capacity is 2: "fall to 2" never happens
      [provider, { threshold: -1 }, 400, "threshold"],
      [provider, { threshold: 1.5 }, 400, "threshold"],
      [provider, { threshold: "1" }, 400, "threshold"],
      [provider, {}, 400, "threshold"],
      [provider, { threshold: 0, extra: true }, 400, "extra"],
    ];
    for (const [who, body, status, field] of refusals) {
      const reply = await who.put(path, body);
      expect(reply.status, JSON.stringify(body)).toBe(status);
      if (field) expect(reply.body.error.field).toBe(field);
    }
    expect((await provider2.get(path)).status).toBe(403);
    expect((await provider.put("/api/services/no-such-service/alert-threshold", { threshold: 0 })).status).toBe(404);
    expect((await provider.get(path)).body.threshold).toBe(1);
    expect((await provider.put(path, { threshold: null })).body.threshold).toBeNull();
    expect((await provider.get(path)).body.threshold).toBeNull();
  });
});
