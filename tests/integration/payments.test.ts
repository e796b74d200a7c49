import { describe, expect, it } from "vitest";
import { signWebhook } from "./support/api";
import { bookingIn, pendingBooking, useServer } from "./support/fixtures";
import { DATABASES } from "./support/server";

describe.each(DATABASES)("money on %s", (kind) => {
  // Payout steps every 100 ms so the simulated processor finishes within a test.
  const ctx = useServer(kind, { PAYOUT_STEP_MS: "100", SCHEDULER_INTERVAL_MS: "100", PLATFORM_FEE_PERCENT: "10" });

  const statusOf = async (bookingId: string) => (await ctx.users.client.get(`/api/bookings/${bookingId}`)).body.booking;

  it("card: book, accept, pay, start, complete; escrow released and the payout completes", async () => {
    const { users } = ctx;
    const booking = await pendingBooking(users);
    await users.provider.post(`/api/bookings/${booking.id}/accept`);
    const paid = await users.client.post(`/api/payments/${booking.id}/pay`, { method: "CARD" });
    expect(paid.status).toBe(200);
    expect(paid.body.booking.payment).toMatchObject({ method: "CARD", status: "ESCROW", amountCents: booking.priceCents });
    const twice = await users.client.post(`/api/payments/${booking.id}/pay`, { method: "CARD" });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe("ALREADY_PAID");

    await users.provider.post(`/api/bookings/${booking.id}/start`);
    const done = await users.provider.post(`/api/bookings/${booking.id}/complete`);
    expect(done.body.booking.status).toBe("COMPLETED");
    expect(done.body.booking.payment.status).toBe("RELEASED");
    expect(done.body.booking.payout).toMatchObject({ status: "PENDING", amountCents: booking.priceCents * 0.9 });

    await expect.poll(async () => (await statusOf(booking.id)).payout.status, { timeout: 10_000 }).toBe("COMPLETED");
    const inbox = await users.provider.get("/api/notifications?limit=50");
    const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format((booking.priceCents * 0.9) / 100);
    expect(inbox.body.notifications.map((n: { title: string }) => n.title)).toContain(`${money} paid out`);
    const clientInbox = await users.client.get("/api/notifications?limit=50");
    expect(clientInbox.body.notifications.map((n: { title: string }) => n.title)).toEqual(
      expect.arrayContaining(["Your booking was accepted", "Payment held in escrow", "Your service is complete"]),
    );
  });

  it("cash: PENDING until its provider verifies it; only that provider may", async () => {
    const { users } = ctx;
    const booking = await bookingIn(users, "CONFIRMED");
    const pay = await users.client.post(`/api/payments/${booking.id}/pay`, { method: "CASH" });
    expect(pay.body.booking.payment).toMatchObject({ method: "CASH", status: "PENDING" });
    expect((await users.provider2.post(`/api/payments/${booking.id}/verify-cash`)).status).toBe(403);
    expect((await users.client.post(`/api/payments/${booking.id}/verify-cash`)).status).toBe(403);
    const verified = await users.provider.post(`/api/payments/${booking.id}/verify-cash`);
    expect(verified.body.booking.payment.status).toBe("ESCROW");
    expect((await users.provider.post(`/api/payments/${booking.id}/verify-cash`)).status).toBe(409);
  });

  it("releases escrow when cash is verified after the work is complete", async () => {
    const { users } = ctx;
    const booking = await bookingIn(users, "IN_PROGRESS");
    await users.client.post(`/api/payments/${booking.id}/pay`, { method: "CASH" });
    const done = await users.provider.post(`/api/bookings/${booking.id}/complete`);
    expect(done.body.booking.payment.status).toBe("PENDING");
    const verified = await users.provider.post(`/api/payments/${booking.id}/verify-cash`);
    expect(verified.body.booking.payment.status).toBe("RELEASED");
    expect(verified.body.booking.payout.status).toBe("PENDING");
  });

  it("cancelling a paid booking refunds it; an unverified cash promise fails", async () => {
    const { users } = ctx;
    const card = await pendingBooking(users);
    await users.client.post(`/api/payments/${card.id}/pay`, { method: "CARD" });
    const cancelled = await users.client.post(`/api/bookings/${card.id}/cancel`);
    expect(cancelled.body.booking.payment.status).toBe("REFUNDED");
    const cash = await pendingBooking(users);
    await users.client.post(`/api/payments/${cash.id}/pay`, { method: "CASH" });
    const rejected = await users.provider.post(`/api/bookings/${cash.id}/reject`);
    expect(rejected.body.booking.payment.status).toBe("FAILED");
  });

  it("pay: bad method is 400 naming it; someone else's booking is 403; a provider is 403", async () => {
    const { users } = ctx;
    const booking = await pendingBooking(users);
    const bad = await users.client.post(`/api/payments/${booking.id}/pay`, { method: "BITCOIN" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("method");
    expect((await users.client2.post(`/api/payments/${booking.id}/pay`, { method: "CARD" })).status).toBe(403);
    expect((await users.provider.post(`/api/payments/${booking.id}/pay`, { method: "CARD" })).status).toBe(403);
    expect((await users.client.post(`/api/payments/missing/pay`, { method: "CARD" })).status).toBe(404);
  });

  describe("the signed webhook", () => {
    const send = (body: string, signature?: string) =>
      ctx.users.anonymous.request("POST", "/api/webhooks/payments", body, {
        "content-type": "application/json",
        ...(signature ? { "x-signature": signature } : {}),
      });

    it("refuses unsigned, badly signed and tampered bodies with 401, changing nothing", async () => {
      const { users, server } = ctx;
      const booking = await pendingBooking(users);
      await users.client.post(`/api/payments/${booking.id}/pay`, { method: "CASH" });
      const body = JSON.stringify({ bookingId: booking.id, status: "FAILED" });
      const before = await server.query(`SELECT COUNT(*) AS n FROM "Event"`);
      expect((await send(body)).status).toBe(401);
      expect((await send(body, signWebhook(body, "wrong-secret"))).status).toBe(401);
      expect((await send(body, "zz")).status).toBe(401);
      const tampered = body.replace("FAILED", "PAID");
      expect((await send(tampered, signWebhook(body))).status).toBe(401);
      expect((await statusOf(booking.id)).payment.status).toBe("PENDING");
      expect(await server.query(`SELECT COUNT(*) AS n FROM "Event"`)).toEqual(before);
    });

    it("applies a signed status once; a replay is answered as a replay and changes nothing", async () => {
      const { users, server } = ctx;
      const booking = await pendingBooking(users);
      await users.client.post(`/api/payments/${booking.id}/pay`, { method: "CASH" });
      const body = JSON.stringify({ bookingId: booking.id, status: "PAID" });
      const first = await send(body, signWebhook(body));
      expect(first.body).toMatchObject({ ok: true, outcome: "applied", replay: false, status: "ESCROW" });
      const events = await server.query(`SELECT COUNT(*) AS n FROM "Event" WHERE type = 'payment:updated'`);
      const replays = await Promise.all([1, 2, 3].map(() => send(body, signWebhook(body))));
      for (const replay of replays) {
        expect(replay.status).toBe(200);
        expect(replay.body).toMatchObject({ outcome: "applied", replay: true, status: "ESCROW" });
      }
      expect(await server.query(`SELECT COUNT(*) AS n FROM "Event" WHERE type = 'payment:updated'`)).toEqual(events);
      const stale = JSON.stringify({ status: "PAID", bookingId: booking.id });
      expect((await send(stale, signWebhook(stale))).body.outcome).toBe("unchanged");
      const impossible = JSON.stringify({ bookingId: booking.id, status: "FAILED" });
      expect((await send(impossible, signWebhook(impossible))).body).toMatchObject({ outcome: "ignored", status: "ESCROW" });
    });

    it("a signed body that does not fit the schema is 400; an unknown payment is 404", async () => {
      const bad = JSON.stringify({ bookingId: "x", status: "LOST" });
      const reply = await send(bad, signWebhook(bad));
      expect(reply.status).toBe(400);
      expect(reply.body.error.field).toBe("status");
      const unknown = JSON.stringify({ bookingId: "no-such-booking", status: "PAID" });
      expect((await send(unknown, signWebhook(unknown))).status).toBe(404);
    });
  });
});
