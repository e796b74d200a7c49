import { describe, expect, it } from "vitest";
import { future } from "./support/api";
import { bookingIn, pendingBooking, serviceOf, useServer } from "./support/fixtures";
import { completedHoursAgo, expectLedgerBalanced } from "./support/money";
import { DATABASES } from "./support/server";

/**
 * Money as a client, a provider and an admin meet it, with the simulated processor
 * confirming card payments 100 ms after they are made and payouts stepping every 100 ms.
 * Every test ends with the ledger check: whatever happened, the books balance.
 */
describe.each(DATABASES)("money on %s", (kind) => {
  const ctx = useServer(kind, {
    PAYMENT_CONFIRM_MS: "100",
    PAYOUT_STEP_MS: "100",
    SCHEDULER_INTERVAL_MS: "100",
    PLATFORM_FEE_PERCENT: "10",
    LATE_CANCEL_HOURS: "24",
    LATE_CANCEL_FEE_PERCENT: "50",
    DISPUTE_WINDOW_HOURS: "48",
  });

  const bookingNow = async (id: string) => (await ctx.users.admin.get(`/api/bookings/${id}`)).body.booking;
  const paymentStatus = async (id: string) => (await bookingNow(id)).payment?.status;
  const titles = async (who: "client" | "provider" | "admin") =>
    ((await ctx.users[who].get("/api/notifications?limit=100")).body.notifications as { title: string }[]).map((n) => n.title);

  /** A booking paid by card and confirmed by the processor (ESCROW), in the given state. */
  async function paidByCard(state: "PENDING" | "CONFIRMED" | "COMPLETED", scheduledAt = future()) {
    const service = await serviceOf(ctx.users);
    const created = await ctx.users.client.post("/api/bookings", { serviceId: service.id, scheduledAt });
    expect(created.status).toBe(201);
    const id = created.body.booking.id as string;
    const steps = { PENDING: [], CONFIRMED: ["accept"], COMPLETED: ["accept", "start", "complete"] }[state];
    const paid = await ctx.users.client.post(`/api/payments/${id}/pay`, { method: "CARD" });
    expect(paid.status).toBe(200);
    await expect.poll(() => paymentStatus(id), { timeout: 10_000 }).toBe("ESCROW");
    for (const step of steps) expect((await ctx.users.provider.post(`/api/bookings/${id}/${step}`)).status).toBe(200);
    return { id, priceCents: created.body.booking.priceCents as number };
  }

  it("card: PENDING until the processor confirms, held after completion until the client confirms, then paid out", async () => {
    const { users } = ctx;
    const booking = await bookingIn(users, "CONFIRMED");
    const paid = await users.client.post(`/api/payments/${booking.id}/pay`, { method: "CARD" });
    expect(paid.body.booking.payment).toMatchObject({ method: "CARD", status: "PENDING", amountCents: booking.priceCents, refundedCents: 0, currency: "USD" });
    await expect.poll(() => paymentStatus(booking.id), { timeout: 10_000 }).toBe("ESCROW");
    const twice = await users.client.post(`/api/payments/${booking.id}/pay`, { method: "CARD" });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe("ALREADY_PAID");

    await users.provider.post(`/api/bookings/${booking.id}/start`);
    const done = await users.provider.post(`/api/bookings/${booking.id}/complete`);
    expect(done.body.booking).toMatchObject({ status: "COMPLETED", payout: null, payment: { status: "ESCROW" } });
    expect(Date.parse(done.body.booking.disputeWindowEndsAt) - Date.parse(done.body.booking.completedAt)).toBe(48 * 3_600_000);

    expect((await users.provider.post(`/api/bookings/${booking.id}/confirm`)).status).toBe(403);
    expect((await users.client2.post(`/api/bookings/${booking.id}/confirm`)).status).toBe(403);
    const confirmed = await users.client.post(`/api/bookings/${booking.id}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.booking.payment.status).toBe("RELEASED");
    expect(confirmed.body.booking.payout).toMatchObject({ status: "PENDING", amountCents: booking.priceCents * 0.9, currency: "USD" });
    const again = await users.client.post(`/api/bookings/${booking.id}/confirm`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("ALREADY_SETTLED");

    await expect.poll(async () => (await bookingNow(booking.id)).payout.status, { timeout: 10_000 }).toBe("COMPLETED");
    const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format((booking.priceCents * 0.9) / 100);
    expect(await titles("provider")).toEqual(expect.arrayContaining([`${money} paid out`, "Payment released"]));
    expect(await titles("client")).toEqual(expect.arrayContaining(["Payment held in escrow", "Your service is complete", "Payment released"]));
    await expectLedgerBalanced(users);
  });

  it("escrow is released by itself once the dispute window has passed, and not before", async () => {
    const { users, server } = ctx;
    const inside = await paidByCard("COMPLETED");
    const past = await paidByCard("COMPLETED");
    await completedHoursAgo(server, inside.id, 47);
    await completedHoursAgo(server, past.id, 49);
    // The scheduler looks at both in the same pass: once one is released, the other was seen and kept.
    await expect.poll(() => paymentStatus(past.id), { timeout: 10_000 }).toBe("RELEASED");
    expect((await bookingNow(past.id)).payout).not.toBeNull();
    expect(await paymentStatus(inside.id)).toBe("ESCROW");
    await expectLedgerBalanced(users);
  });

  it("cash: recorded by the provider, never paid out; the platform fee is owed by the provider", async () => {
    const { users } = ctx;
    const booking = await bookingIn(users, "CONFIRMED");
    const pay = await users.client.post(`/api/payments/${booking.id}/pay`, { method: "CASH" });
    expect(pay.body.booking.payment).toMatchObject({ method: "CASH", status: "PENDING" });
    expect((await users.provider2.post(`/api/payments/${booking.id}/verify-cash`)).status).toBe(403);
    expect((await users.client.post(`/api/payments/${booking.id}/verify-cash`)).status).toBe(403);
    const verified = await users.provider.post(`/api/payments/${booking.id}/verify-cash`);
    expect(verified.body.booking.payment.status).toBe("PAID");
    expect((await users.provider.post(`/api/payments/${booking.id}/verify-cash`)).status).toBe(409);
    await users.provider.post(`/api/bookings/${booking.id}/start`);
    const done = await users.provider.post(`/api/bookings/${booking.id}/complete`);
    expect(done.body.booking.payment.status).toBe("RELEASED");
    expect(done.body.booking.payout).toBeNull();
    const confirm = await users.client.post(`/api/bookings/${booking.id}/confirm`);
    expect(confirm.status).toBe(409);
    const [owed] = await ctx.server.query<{ cents: number | string }>(
      `SELECT SUM("amountCents") AS cents FROM "LedgerLine" WHERE "bookingId" = $1 AND "account" = 'fees_receivable'`,
      [booking.id],
    );
    expect(Number(owed.cents)).toBe(booking.priceCents * 0.1);
    await expectLedgerBalanced(users);
  });

  it("cash verified after the work is complete is settled at once", async () => {
    const { users } = ctx;
    const booking = await bookingIn(users, "IN_PROGRESS");
    await users.client.post(`/api/payments/${booking.id}/pay`, { method: "CASH" });
    const done = await users.provider.post(`/api/bookings/${booking.id}/complete`);
    expect(done.body.booking.payment.status).toBe("PENDING");
    const verified = await users.provider.post(`/api/payments/${booking.id}/verify-cash`);
    expect(verified.body.booking.payment.status).toBe("RELEASED");
    expect(verified.body.booking.payout).toBeNull();
    await expectLedgerBalanced(users);
  });

  describe("the cancellation policy", () => {
    it("a client cancelling early, or before the provider confirmed, gets everything back", async () => {
      const { users } = ctx;
      const early = await paidByCard("CONFIRMED", future(72));
      const shown = (await users.client.get(`/api/bookings/${early.id}`)).body.booking.cancellation;
      expect(shown).toMatchObject({ refundCents: early.priceCents, feeCents: 0 });
      const cancelled = await users.client.post(`/api/bookings/${early.id}/cancel`, { expectedRefundCents: early.priceCents });
      expect(cancelled.body.booking.payment).toMatchObject({ status: "REFUNDED", refundedCents: early.priceCents });
      expect(cancelled.body.booking.payout).toBeNull();

      const unconfirmed = await paidByCard("PENDING", future(2));
      const refunded = await users.client.post(`/api/bookings/${unconfirmed.id}/cancel`);
      expect(refunded.body.booking.payment.status).toBe("REFUNDED");
      await expectLedgerBalanced(users);
    });

    it("a client cancelling a confirmed booking late pays the fee to the provider and sees it before the click", async () => {
      const { users } = ctx;
      const late = await paidByCard("CONFIRMED", future(2));
      const half = late.priceCents / 2;
      const shown = (await users.client.get(`/api/bookings/${late.id}`)).body.booking.cancellation;
      expect(shown).toMatchObject({ refundCents: half, feeCents: half });

      const surprised = await users.client.post(`/api/bookings/${late.id}/cancel`, { expectedRefundCents: late.priceCents });
      expect(surprised.status).toBe(409);
      expect(surprised.body.error).toMatchObject({ code: "CANCELLATION_TERMS_CHANGED", cancellation: { refundCents: half, feeCents: half } });
      expect((await bookingNow(late.id)).status).toBe("CONFIRMED");

      const cancelled = await users.client.post(`/api/bookings/${late.id}/cancel`, { expectedRefundCents: half });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.booking.payment).toMatchObject({ status: "PARTIALLY_REFUNDED", refundedCents: half });
      expect(cancelled.body.booking.payout).toMatchObject({ amountCents: half * 0.9, currency: "USD" });
      expect(await titles("client")).toContain(`$${(half / 100).toFixed(2)} refunded`);
      await expectLedgerBalanced(users);
    });

    it("a provider cancelling late, an admin declining and a rejection always refund everything", async () => {
      const { users } = ctx;
      const byProvider = await paidByCard("CONFIRMED", future(2));
      expect((await users.provider.post(`/api/bookings/${byProvider.id}/cancel`)).body.booking.payment.status).toBe("REFUNDED");
      const declined = await paidByCard("CONFIRMED", future(2));
      expect((await users.admin.post(`/api/admin/bookings/${declined.id}/decline`, { reason: "test" })).body.booking.payment.status).toBe("REFUNDED");
      const rejected = await paidByCard("PENDING", future(2));
      expect((await users.provider.post(`/api/bookings/${rejected.id}/reject`)).body.booking.payment.status).toBe("REFUNDED");
      await expectLedgerBalanced(users);
    });

    it("an unverified cash promise fails when the booking does not go ahead", async () => {
      const { users } = ctx;
      const cash = await pendingBooking(users);
      await users.client.post(`/api/payments/${cash.id}/pay`, { method: "CASH" });
      const rejected = await users.provider.post(`/api/bookings/${cash.id}/reject`);
      expect(rejected.body.booking.payment.status).toBe("FAILED");
    });

    it("a bad expectation is 400 naming the field and changes nothing", async () => {
      const { users } = ctx;
      const booking = await pendingBooking(users);
      for (const body of [{ expectedRefundCents: -1 }, { expectedRefundCents: 1.5 }, { expectedRefundCents: "all" }, { refund: 1 }]) {
        const reply = await users.client.post(`/api/bookings/${booking.id}/cancel`, body);
        expect(reply.status, JSON.stringify(body)).toBe(400);
        expect(reply.body.error.field).toMatch(/expectedRefundCents|refund/);
      }
      expect((await bookingNow(booking.id)).status).toBe("PENDING");
    });
  });

  describe("disputes", () => {
    it("the client disputes completed work; the admin sees it with its timeline and chat, and splits it", async () => {
      const { users } = ctx;
      const { id, priceCents } = await paidByCard("COMPLETED");
      await users.provider.post(`/api/bookings/${id}/messages`, { body: "Door code is 4711" });
      expect((await users.admin.get(`/api/bookings/${id}/messages`)).status).toBe(403);

      const short = await users.client.post(`/api/bookings/${id}/dispute`, { reason: "bad" });
      expect(short.status).toBe(400);
      expect(short.body.error.field).toBe("reason");
      expect((await users.client2.post(`/api/bookings/${id}/dispute`, { reason: "The sink still leaks after the visit" })).status).toBe(403);
      const opened = await users.client.post(`/api/bookings/${id}/dispute`, { reason: "The sink still leaks after the visit" });
      expect(opened.status).toBe(200);
      expect(opened.body.booking.payment.status).toBe("DISPUTED");
      expect(opened.body.booking.dispute).toMatchObject({ reason: "The sink still leaks after the visit", outcome: null });
      expect((await users.client.post(`/api/bookings/${id}/dispute`, { reason: "The sink still leaks after the visit" })).body.error.code).toBe("PAYMENT_DISPUTED");
      expect((await users.client.post(`/api/bookings/${id}/confirm`)).body.error.code).toBe("PAYMENT_DISPUTED");

      const queue = await users.admin.get("/api/admin/disputes");
      const item = queue.body.disputes.find((d: { booking: { id: string } }) => d.booking.id === id);
      expect(item.booking.dispute.reason).toBe("The sink still leaks after the visit");
      expect(item.timeline.map((t: { action: string }) => t.action)).toEqual(expect.arrayContaining(["created", "escrowed", "completed", "disputed"]));
      expect((await users.staff.get("/api/admin/disputes")).status).toBe(403);
      const chat = await users.admin.get(`/api/bookings/${id}/messages`);
      expect(chat.status).toBe(200);
      expect(chat.body.messages.map((m: { body: string }) => m.body)).toContain("Door code is 4711");
      expect((await users.staff.get(`/api/bookings/${id}/messages`)).status).toBe(403);
      const audit = await users.admin.get("/api/admin/audit?limit=20");
      expect(audit.body.entries.some((e: { action: string; targetId: string }) => e.action === "chat.read" && e.targetId === id)).toBe(true);
      expect(await titles("provider")).toContain("Your client opened a dispute");
      expect(await titles("admin")).toContain("New dispute");

      const resolve = (body: unknown) => users.admin.post(`/api/admin/disputes/${id}/resolve`, body);
      for (const [body, field] of [
        [{ outcome: "maybe" }, "outcome"],
        [{ outcome: "split" }, "refundCents"],
        [{ outcome: "split", refundCents: -5 }, "refundCents"],
        [{ outcome: "split", refundCents: 2.5 }, "refundCents"],
        [{ outcome: "split", refundCents: priceCents }, "refundCents"],
        [{ outcome: "refund", refundCents: 100 }, "refundCents"],
      ] as const) {
        const reply = await resolve(body);
        expect(reply.status, JSON.stringify(body)).toBe(400);
        expect(reply.body.error.field).toBe(field);
      }
      expect((await users.staff.post(`/api/admin/disputes/${id}/resolve`, { outcome: "refund" })).status).toBe(403);
      expect((await bookingNow(id)).payment.status).toBe("DISPUTED");

      const split = await resolve({ outcome: "split", refundCents: 3001, note: "Half the job was redone" });
      expect(split.status).toBe(200);
      expect(split.body.booking.payment).toMatchObject({ status: "PARTIALLY_REFUNDED", refundedCents: 3001 });
      expect(split.body.booking.dispute).toMatchObject({ outcome: "split", refundCents: 3001, note: "Half the job was redone" });
      // 10% of the provider's part (priceCents - 3001), rounded up for the platform.
      const kept = priceCents - 3001;
      expect(split.body.booking.payout.amountCents).toBe(kept - Math.ceil(kept / 10));
      expect((await resolve({ outcome: "refund" })).body.error.code).toBe("NO_OPEN_DISPUTE");
      expect((await users.admin.get(`/api/bookings/${id}/messages`)).status).toBe(403);
      expect(await titles("client")).toContain("Dispute resolved");
      await expectLedgerBalanced(users);
    });

    it.each(["refund", "release"] as const)("the admin can %s a disputed payment whole", async (outcome) => {
      const { users } = ctx;
      const { id, priceCents } = await paidByCard("COMPLETED");
      await users.client.post(`/api/bookings/${id}/dispute`, { reason: "Nobody came to the appointment" });
      const resolved = await users.admin.post(`/api/admin/disputes/${id}/resolve`, { outcome });
      expect(resolved.body.booking.payment).toMatchObject(
        outcome === "refund" ? { status: "REFUNDED", refundedCents: priceCents } : { status: "RELEASED", refundedCents: 0 },
      );
      expect(resolved.body.booking.payout === null).toBe(outcome === "refund");
      await expectLedgerBalanced(users);
    });

    it("is refused outside the window, before completion and without money in escrow", async () => {
      const { users, server } = ctx;
      const late = await paidByCard("COMPLETED");
      await completedHoursAgo(server, late.id, 49);
      // The release may already have run; either way the dispute is refused and nothing changes.
      const reply = await users.client.post(`/api/bookings/${late.id}/dispute`, { reason: "Found a problem two days later" });
      expect(reply.status).toBe(409);
      expect(["DISPUTE_WINDOW_CLOSED", "ALREADY_SETTLED"]).toContain(reply.body.error.code);

      const early = await paidByCard("CONFIRMED");
      expect((await users.client.post(`/api/bookings/${early.id}/dispute`, { reason: "Not even started yet" })).body.error.code).toBe("INVALID_TRANSITION");
      const unpaid = await bookingIn(users, "COMPLETED");
      expect((await users.client.post(`/api/bookings/${unpaid.id}/dispute`, { reason: "Never paid but unhappy" })).body.error.code).toBe("NOT_IN_ESCROW");
      await expectLedgerBalanced(users);
    });
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

  it("the ledger check is for admins and staff only", async () => {
    const { users } = ctx;
    expect((await users.staff.get("/api/admin/ledger/check")).status).toBe(200);
    expect((await users.client.get("/api/admin/ledger/check")).status).toBe(403);
    expect((await users.provider.get("/api/admin/ledger/check")).status).toBe(403);
    expect((await users.anonymous.get("/api/admin/ledger/check")).status).toBe(401);
  });
});

describe("a payout the processor fails (sqlite)", () => {
  const ctx = useServer("sqlite", { PAYMENT_CONFIRM_MS: "50", PAYOUT_STEP_MS: "50", SCHEDULER_INTERVAL_MS: "100", PAYOUT_FAILURE_RATE: "1" });

  it("stays owed to the provider, who is told, and every admin is told too", async () => {
    const { users } = ctx;
    const booking = await bookingIn(users, "IN_PROGRESS");
    await users.client.post(`/api/payments/${booking.id}/pay`, { method: "CARD" });
    await expect.poll(async () => (await users.client.get(`/api/bookings/${booking.id}`)).body.booking.payment.status, { timeout: 10_000 }).toBe("ESCROW");
    await users.provider.post(`/api/bookings/${booking.id}/complete`);
    expect((await users.client.post(`/api/bookings/${booking.id}/confirm`)).status).toBe(200);
    await expect.poll(async () => (await users.admin.get(`/api/bookings/${booking.id}`)).body.booking.payout.status, { timeout: 10_000 }).toBe("FAILED");
    const titlesOf = async (who: "provider" | "admin") => ((await users[who].get("/api/notifications?limit=50")).body.notifications as { title: string }[]).map((n) => n.title);
    expect(await titlesOf("provider")).toContain("Payout failed");
    expect(await titlesOf("admin")).toContain("A payout failed");
    await expectLedgerBalanced(users);
  });
});
