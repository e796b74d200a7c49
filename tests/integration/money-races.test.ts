import { describe, expect, it } from "vitest";
import { future, type DemoUsers, type Reply } from "./support/api";
import { pendingBooking, serviceOf, useServer } from "./support/fixtures";
import { completedHoursAgo, expectLedgerBalanced, MANUAL_PROCESSOR, sendWebhook } from "./support/money";
import { DATABASES, type TestServer } from "./support/server";

/**
 * Two requests on one booking at the same moment, for every pair that contends for it.
 * Each pair runs several rounds on fresh bookings, both requests sent together. Changes to
 * one booking are serialized (lib/domain/booking-lock.ts), so the outcome is always one a
 * serial order gives: where the second is no longer legal after the first it gets 409 with
 * a code (where both are legal, both happen, in order), never a 500, and no booking ends
 * holding money it should not. Before the booking lock, on PostgreSQL, pay/cancel and
 * decline/pay ended CANCELLED or DECLINED with the money in ESCROW every round, and pay/pay
 * answered 500.
 */

const ROUNDS = 6;

type Round = { server: TestServer; users: DemoUsers; id: string };
type Pair = {
  name: string;
  /** A fresh booking in the state the two requests contend for. */
  setUp: (users: DemoUsers, server: TestServer) => Promise<string>;
  first: (round: Round) => Promise<Reply>;
  second: (round: Round) => Promise<Reply>;
  /** What must hold once both have answered. */
  then: (replies: [Reply, Reply], booking: { status: string; payment: { status: string } | null; payout: unknown }, round: Round) => void | Promise<void>;
};

const pay = ({ users, id }: Round) => users.client.post(`/api/payments/${id}/pay`, { method: "CARD" });
const cancel = ({ users, id }: Round) => users.client.post(`/api/bookings/${id}/cancel`);
const confirm = ({ users, id }: Round) => users.client.post(`/api/bookings/${id}/confirm`);
const dispute = ({ users, id }: Round) => users.client.post(`/api/bookings/${id}/dispute`, { reason: "The work was not what we agreed" });
const captured = ({ server, id }: Round) => sendWebhook(server, { bookingId: id, status: "PAID" });

/** A booking three days ahead (cancelling it costs nothing), paid by card, captured, and brought to `state`. */
async function paidByCard(users: DemoUsers, server: TestServer, state: "CONFIRMED" | "COMPLETED"): Promise<string> {
  const service = await serviceOf(users);
  const { id } = (await users.client.post("/api/bookings", { serviceId: service.id, scheduledAt: future(72) })).body.booking;
  expect((await users.provider.post(`/api/bookings/${id}/accept`)).status).toBe(200);
  expect((await users.client.post(`/api/payments/${id}/pay`, { method: "CARD" })).status).toBe(200);
  expect((await sendWebhook(server, { bookingId: id, status: "PAID" })).body.outcome).toBe("applied");
  if (state === "COMPLETED") for (const step of ["start", "complete"]) expect((await users.provider.post(`/api/bookings/${id}/${step}`)).status).toBe(200);
  return id;
}

const codes = (replies: Reply[]) => replies.filter((r) => r.status === 409).map((r) => r.body.error.code);
const NEVER_HELD = ["REFUNDED", "FAILED", "PENDING", undefined];

const PAIRS: Pair[] = [
  {
    name: "pay / cancel: a cancelled booking never keeps the money",
    setUp: async (users) => (await pendingBooking(users)).id,
    first: pay,
    second: cancel,
    then: async ([paid, cancelled], booking, round) => {
      expect(cancelled.status).toBe(200);
      expect(booking.status).toBe("CANCELLED");
      if (paid.status === 200) {
        // Paid first: the charge is still on its way; when it lands it goes straight back.
        expect(booking.payment?.status).toBe("PENDING");
        await captured(round);
      } else expect(codes([paid])).toEqual(["INVALID_TRANSITION"]);
    },
  },
  {
    name: "pay / pay: one payment, the other attempt refused",
    setUp: async (users) => (await pendingBooking(users)).id,
    first: pay,
    second: pay,
    then: (replies) => {
      expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
      expect(codes(replies)).toEqual(["ALREADY_PAID"]);
    },
  },
  {
    name: "cancel / confirm: a booking not yet done cannot be confirmed, and its money goes back",
    setUp: (users, server) => paidByCard(users, server, "CONFIRMED"),
    first: cancel,
    second: confirm,
    then: ([cancelled, confirmed], booking) => {
      expect(cancelled.status).toBe(200);
      expect(codes([confirmed])).toEqual(["INVALID_TRANSITION"]);
      expect(booking.payment?.status).toBe("REFUNDED");
    },
  },
  {
    name: "confirm / dispute: exactly one of them, and the money follows the winner",
    setUp: (users, server) => paidByCard(users, server, "COMPLETED"),
    first: confirm,
    second: dispute,
    then: ([confirmed, disputed], booking) => {
      expect([confirmed.status, disputed.status].sort()).toEqual([200, 409]);
      if (confirmed.status === 200) {
        expect(codes([disputed])).toEqual(["ALREADY_SETTLED"]);
        expect(booking.payment?.status).toBe("RELEASED");
        expect(booking.payout).not.toBeNull();
      } else {
        expect(codes([confirmed])).toEqual(["PAYMENT_DISPUTED"]);
        expect(booking.payment?.status).toBe("DISPUTED");
        expect(booking.payout).toBeNull();
      }
    },
  },
  {
    name: "webhook / cancel: a capture landing as the client cancels is refunded, whichever comes first",
    setUp: async (users) => {
      const { id } = await pendingBooking(users);
      expect((await users.client.post(`/api/payments/${id}/pay`, { method: "CARD" })).status).toBe(200);
      return id;
    },
    first: captured,
    second: cancel,
    then: ([hook, cancelled], booking) => {
      expect(hook.status).toBe(200);
      expect(cancelled.status).toBe(200);
      expect(booking.payment?.status).toBe("REFUNDED");
    },
  },
  {
    name: "decline / pay: a declined booking never keeps the money",
    setUp: async (users) => (await pendingBooking(users)).id,
    first: ({ users, id }) => users.admin.post(`/api/admin/bookings/${id}/decline`, { reason: "race" }),
    second: pay,
    then: ([declined, paid], booking) => {
      expect(declined.status).toBe(200);
      expect(booking.status).toBe("DECLINED");
      if (paid.status === 409) expect(codes([paid])).toEqual(["INVALID_TRANSITION"]);
      expect(NEVER_HELD).toContain(booking.payment?.status);
    },
  },
  {
    name: "expiry / pay: the scheduler's expiry and a payment, and the charge refunded if it lands after",
    setUp: async (users, server) => {
      const { id } = await pendingBooking(users);
      // The hold ran out a moment ago: the scheduler (every 100 ms) expires it while the payment is sent.
      await server.query(`UPDATE "Booking" SET "holdExpiresAt" = $1 WHERE "id" = $2`, [
        server.kind === "sqlite" ? new Date(Date.now() - 1000).toISOString().replace("Z", "+00:00") : new Date(Date.now() - 1000),
        id,
      ]);
      return id;
    },
    first: pay,
    second: async ({ users, id }) => {
      await expect.poll(async () => (await users.admin.get(`/api/bookings/${id}`)).body.booking.status, { timeout: 10_000 }).toBe("EXPIRED");
      return { status: 200, body: {} };
    },
    then: async ([paid], booking, round) => {
      expect(booking.status).toBe("EXPIRED");
      if (paid.status === 409) expect(codes([paid])).toEqual(["INVALID_TRANSITION"]);
      else await captured(round);
      expect(NEVER_HELD).toContain(booking.payment?.status);
    },
  },
];

describe.each(DATABASES)("conflicting requests on one booking on %s", (kind) => {
  // The tests send the processor's webhooks themselves; the scheduler expires holds within 100 ms.
  const ctx = useServer(kind, { ...MANUAL_PROCESSOR, SCHEDULER_INTERVAL_MS: "100" });

  const bookingNow = async (id: string) => (await ctx.users.admin.get(`/api/bookings/${id}`)).body.booking;

  it.each(PAIRS)("$name", async (pair) => {
    const { users, server } = ctx;
    for (let round = 0; round < ROUNDS; round++) {
      const id = await pair.setUp(users, server);
      const replies = await Promise.all([pair.first({ users, server, id }), pair.second({ users, server, id })]);
      for (const reply of replies) {
        expect([200, 409], `round ${round}: ${JSON.stringify(reply.body)}`).toContain(reply.status);
        if (reply.status === 409) expect(reply.body.error.code).toMatch(/^[A-Z_]+$/);
      }
      await pair.then(replies, await bookingNow(id), { users, server, id });
    }
    await expectLedgerBalanced(users);
  });

  it("a late cancellation while the card is still being charged shows the fee, and keeps it when the capture arrives", async () => {
    const { users, server } = ctx;
    const service = await serviceOf(users);
    const created = await users.client.post("/api/bookings", { serviceId: service.id, scheduledAt: future(2) });
    const { id, priceCents } = created.body.booking;
    await users.provider.post(`/api/bookings/${id}/accept`);
    await users.client.post(`/api/payments/${id}/pay`, { method: "CARD" });
    const shown = (await bookingNow(id)).cancellation;
    expect(shown).toMatchObject({ refundCents: priceCents / 2, feeCents: priceCents / 2 });
    const cancelled = await users.client.post(`/api/bookings/${id}/cancel`, { expectedRefundCents: shown.refundCents });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.booking.payment.status).toBe("PENDING");
    expect((await sendWebhook(server, { bookingId: id, status: "PAID" })).body.outcome).toBe("applied");
    const settled = await bookingNow(id);
    expect(settled.payment).toMatchObject({ status: "PARTIALLY_REFUNDED", refundedCents: priceCents / 2 });
    expect(settled.payout).toMatchObject({ amountCents: Math.floor((priceCents / 2) * 0.9) });
    await expectLedgerBalanced(users);
  });

  it("a dispute sent just after the window ended races the scheduler's release: refused either way, and released once", async () => {
    const { users, server } = ctx;
    const ids: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const id = await paidByCard(users, server, "COMPLETED");
      ids.push(id);
      await completedHoursAgo(server, id, 48.001);
      const reply = await dispute({ users, server, id });
      expect(reply.status).toBe(409);
      expect(["DISPUTE_WINDOW_CLOSED", "ALREADY_SETTLED"]).toContain(reply.body.error.code);
    }
    for (const id of ids) await expect.poll(async () => (await bookingNow(id)).payment.status, { timeout: 10_000 }).toBe("RELEASED");
    await expectLedgerBalanced(users);
  });
});
