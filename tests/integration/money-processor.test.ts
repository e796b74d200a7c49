import { describe, expect, it } from "vitest";
import { bookingIn, useServer } from "./support/fixtures";
import { expectLedgerBalanced } from "./support/money";

/**
 * The simulated processor as a real one behaves: it answers through the signed webhook,
 * declines some payments, and loses nothing when Switchboard crashes between a payment and
 * its confirmation. The processor's logic does not touch SQL of its own, so SQLite is enough.
 */

describe("the simulated processor across a crash (sqlite)", () => {
  const ctx = useServer("sqlite", { PAYMENT_CONFIRM_MS: "2000", SCHEDULER_INTERVAL_MS: "100" });

  it("confirms a card payment made just before the server was killed, once, after the restart", async () => {
    const { users, server } = ctx;
    const booking = await bookingIn(users, "CONFIRMED");
    expect((await users.client.post(`/api/payments/${booking.id}/pay`, { method: "CARD" })).body.booking.payment.status).toBe("PENDING");
    // The confirmation's timer dies with the process (SIGKILL, as the OOM killer would).
    await server.kill();
    expect(await server.query(`SELECT status FROM "Payment" WHERE "bookingId" = $1`, [booking.id])).toEqual([{ status: "PENDING" }]);
    await server.resume();
    const paymentOf = async () => (await users.client.get(`/api/bookings/${booking.id}`)).body.booking.payment;
    // The first tick after PAYMENT_CONFIRM_MS + 5 s finds it still pending and sends the confirmation again.
    await expect.poll(async () => (await paymentOf()).status, { timeout: 20_000, interval: 250 }).toBe("ESCROW");
    const receipts = await server.query<{ id: string }>(`SELECT id FROM "WebhookReceipt" WHERE "bookingId" = $1`, [booking.id]);
    expect(receipts.map((r) => r.id)).toEqual([`sim_${(await paymentOf()).id}_paid`]);
    await expectLedgerBalanced(users);
  }, 40_000);
});

describe("a processor that declines every card (sqlite)", () => {
  const ctx = useServer("sqlite", { PAYMENT_CONFIRM_MS: "50", PAYMENT_FAILURE_RATE: "1" });

  it("fails the payment through the webhook, tells the client, and lets them try again", async () => {
    const { users } = ctx;
    const booking = await bookingIn(users, "CONFIRMED");
    const statusOf = async () => (await users.client.get(`/api/bookings/${booking.id}`)).body.booking.payment.status;
    for (let attempt = 0; attempt < 2; attempt++) {
      expect((await users.client.post(`/api/payments/${booking.id}/pay`, { method: "CARD" })).status).toBe(200);
      await expect.poll(statusOf, { timeout: 10_000 }).toBe("FAILED");
    }
    const failed = (await users.client.get("/api/notifications?limit=20")).body.notifications.filter((n: { title: string }) => n.title === "Payment failed");
    expect(failed).toHaveLength(2);
    await expectLedgerBalanced(users);
  });
});
