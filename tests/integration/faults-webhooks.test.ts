import { describe, expect, it } from "vitest";
import { signWebhook, type DemoUsers } from "./support/api";
import { bookingIn, pendingBooking, useServer } from "./support/fixtures";
import { expectLedgerBalanced, MANUAL_PROCESSOR, sendWebhook } from "./support/money";
import { DATABASES, type TestServer } from "./support/server";

/**
 * Fault: the payment processor storms us. Every event comes several times (the same bytes,
 * and the same event formatted differently), events about one payment arrive out of order,
 * and all of it at once. Every payment must end where the events lead and money must move
 * once: checked in the rows (payments, payouts, events, the ledger), not only in the answers.
 * docs/resilience.md lists this test.
 */

type Status = "PAID" | "ESCROW" | "FAILED" | "REFUNDED";
type Scenario = {
  name: string;
  /** The booking's state when the events arrive; its card payment is still PENDING. */
  booking: "PENDING" | "COMPLETED" | "CANCELLED";
  reports: Status[];
  /** Where the payment ends, whatever the order of the events. */
  ends: "ESCROW" | "FAILED" | "REFUNDED";
};

const SCENARIOS: Scenario[] = [
  { name: "a capture, replayed", booking: "PENDING", reports: ["PAID"], ends: "ESCROW" },
  { name: "a capture reported as PAID and as ESCROW", booking: "PENDING", reports: ["ESCROW", "PAID"], ends: "ESCROW" },
  { name: "a refund that may overtake its capture", booking: "PENDING", reports: ["PAID", "REFUNDED"], ends: "REFUNDED" },
  { name: "a failure, replayed", booking: "PENDING", reports: ["FAILED"], ends: "FAILED" },
  { name: "a late capture for finished work, held for the client", booking: "COMPLETED", reports: ["PAID", "ESCROW"], ends: "ESCROW" },
  { name: "a capture for a booking cancelled meanwhile", booking: "CANCELLED", reports: ["PAID"], ends: "REFUNDED" },
];
const BOOKINGS_PER_SCENARIO = 4;
/** Each event goes out this many times byte for byte, and once more formatted differently. */
const REPLAYS = 3;
const IN_FLIGHT = 16;

async function bookingWithCardPayment(users: DemoUsers, state: Scenario["booking"]) {
  const booking = state === "COMPLETED" ? await bookingIn(users, "COMPLETED") : await pendingBooking(users);
  const paid = await users.client.post(`/api/payments/${booking.id}/pay`, { method: "CARD" });
  if (paid.status !== 200) throw new Error(`card payment failed: ${JSON.stringify(paid.body)}`);
  if (state === "CANCELLED") expect((await users.client.post(`/api/bookings/${booking.id}/cancel`)).status).toBe(200);
  return booking.id;
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

async function deliver(server: TestServer, raw: string) {
  const response = await fetch(`${server.url}/api/webhooks/payments`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-signature": signWebhook(raw) },
    body: raw,
  });
  return { status: response.status, body: await response.text() };
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function inFlight<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const at = next++;
        results[at] = await work(items[at]);
      }
    }),
  );
  return results;
}

describe.each(DATABASES)("a storm of payment webhooks on %s", (kind) => {
  const ctx = useServer(kind, MANUAL_PROCESSOR);

  it(
    "replayed and out-of-order events leave every payment in the right state, with money moved once",
    async () => {
      const { server, users } = ctx;
      const cases: { scenario: Scenario; bookingId: string }[] = [];
      for (const scenario of SCENARIOS) {
        for (let i = 0; i < BOOKINGS_PER_SCENARIO; i++) cases.push({ scenario, bookingId: await bookingWithCardPayment(users, scenario.booking) });
      }

      const eventIds = new Set<string>();
      const deliveries = shuffle(
        cases.flatMap(({ scenario, bookingId }) =>
          scenario.reports.flatMap((status) => {
            const event = { id: `evt_${bookingId}_${status}`, bookingId, status };
            eventIds.add(event.id);
            return [...Array(REPLAYS).fill(JSON.stringify(event)), JSON.stringify(event, null, 2)];
          }),
        ),
      );
      const answers = await inFlight(deliveries, IN_FLIGHT, (raw) => deliver(server, raw));
      const refused = answers.filter((a) => a.status !== 200);
      expect(refused, "every delivery is acknowledged (a processor retries anything else)").toEqual([]);
      const replays = answers.filter((a) => JSON.parse(a.body).replay === true);
      expect(replays, "every copy after the first of an event is a replay").toHaveLength(deliveries.length - eventIds.size);

      const events = await server.query<{ type: string; payload: string }>(`SELECT type, payload FROM "Event" WHERE type = 'payment:updated' ORDER BY id`);
      for (const { scenario, bookingId } of cases) {
        const about = `${scenario.name} (${bookingId})`;
        const [payment] = await server.query<{ status: string }>(`SELECT status FROM "Payment" WHERE "bookingId" = $1`, [bookingId]);
        expect(payment.status, about).toBe(scenario.ends);
        const actions = events
          .map((e) => JSON.parse(e.payload) as { action: string; payment: { bookingId: string } })
          .filter((data) => data.payment.bookingId === bookingId)
          .map((data) => data.action);
        expect(new Set(actions).size, `${about}: a payment step announced twice: ${actions}`).toBe(actions.length);
        const payouts = await server.query(`SELECT id FROM "Payout" WHERE "bookingId" = $1`, [bookingId]);
        expect(payouts, `${about}: no payout before the client confirms`).toHaveLength(0);
      }

      const receipts = await server.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM "WebhookReceipt"`);
      expect(Number(receipts[0].n), "one receipt per event id").toBe(eventIds.size);
      await expectLedgerBalanced(users);
    },
    120_000,
  );

  it("two events with different ids and the same body are two events; one id with another body is refused", async () => {
    const { server, users } = ctx;
    const bookingId = await bookingWithCardPayment(users, "PENDING");
    const first = await sendWebhook(server, { id: "evt_twin_1", bookingId, status: "PAID" });
    expect(first.body).toMatchObject({ outcome: "applied", replay: false, status: "ESCROW" });
    const second = await sendWebhook(server, { id: "evt_twin_2", bookingId, status: "PAID" });
    expect(second.body).toMatchObject({ outcome: "unchanged", replay: false, status: "ESCROW" });
    for (const reused of [
      await sendWebhook(server, { id: "evt_twin_1", bookingId, status: "REFUNDED" }),
      await sendWebhook(server, { id: "evt_twin_1", bookingId, paymentId: "another-attempt", status: "PAID" }),
    ]) {
      expect(reused.status).toBe(409);
      expect(reused.body.error.code).toBe("EVENT_ID_REUSED");
    }
    const receipts = await server.query(`SELECT id FROM "WebhookReceipt" WHERE "bookingId" = $1`, [bookingId]);
    expect(receipts).toHaveLength(2);
  });

  it("a refund the processor reports is not asked of it again; one Switchboard decides is asked once", async () => {
    const { server, users } = ctx;
    const paymentOf = async (id: string) => (await users.admin.get(`/api/bookings/${id}`)).body.booking.payment.id as string;
    const refundsAsked = (paymentId: string) => server.logs().split("\n").filter((line) => line.includes('"SIMULATED_REFUND"') && line.includes(paymentId)).length;
    const byProcessor = await bookingWithCardPayment(users, "PENDING");
    await sendWebhook(server, { bookingId: byProcessor, status: "PAID" });
    expect((await sendWebhook(server, { bookingId: byProcessor, status: "REFUNDED" })).body).toMatchObject({ outcome: "applied", status: "REFUNDED" });
    const ours = await bookingWithCardPayment(users, "PENDING");
    await sendWebhook(server, { bookingId: ours, status: "PAID" });
    expect((await users.client.post(`/api/bookings/${ours}/cancel`)).body.booking.payment.status).toBe("REFUNDED");
    const oursPayment = await paymentOf(ours);
    await expect.poll(() => refundsAsked(oursPayment)).toBe(1);
    // The processor's own refund came first, so its request would be in the log by now.
    expect(refundsAsked(await paymentOf(byProcessor))).toBe(0);
    await expectLedgerBalanced(users);
  });

  it("a capture racing the booking's cancellation or completion leaves no money stuck and pays out once", async () => {
    const { server, users } = ctx;
    const RACES = 6;
    const cases: { kind: "cancel" | "complete"; bookingId: string }[] = [];
    for (const kind of ["cancel", "complete"] as const) {
      for (let i = 0; i < RACES; i++) {
        const { id } = kind === "cancel" ? await pendingBooking(users) : await bookingIn(users, "IN_PROGRESS");
        expect((await users.client.post(`/api/payments/${id}/pay`, { method: "CARD" })).status).toBe(200);
        cases.push({ kind, bookingId: id });
      }
    }
    // The processor's capture and the booking's own step, at the same moment, for every booking.
    await Promise.all(
      cases.map(({ kind, bookingId }) =>
        Promise.all([
          sendWebhook(server, { bookingId, status: "PAID" }).then((reply) => expect(reply.status).toBe(200)),
          (kind === "cancel" ? users.client : users.provider)
            .post(`/api/bookings/${bookingId}/${kind}`)
            .then((reply) => expect(reply.status, JSON.stringify(reply.body)).toBe(200)),
        ]),
      ),
    );
    for (const { kind, bookingId } of cases) {
      const [payment] = await server.query<{ status: string }>(`SELECT status FROM "Payment" WHERE "bookingId" = $1`, [bookingId]);
      // Cancelled: refunded whichever came first. Completed: held until the client confirms.
      expect(payment.status, `${kind} ${bookingId}`).toBe(kind === "cancel" ? "REFUNDED" : "ESCROW");
      if (kind === "complete") expect((await users.client.post(`/api/bookings/${bookingId}/confirm`)).status).toBe(200);
      const payouts = await server.query(`SELECT id FROM "Payout" WHERE "bookingId" = $1`, [bookingId]);
      expect(payouts).toHaveLength(kind === "cancel" ? 0 : 1);
    }
    await expectLedgerBalanced(users);
  });

  it("refuses unsigned, badly signed, tampered and malformed events, changing nothing", async () => {
    const { server, users } = ctx;
    const bookingId = await bookingWithCardPayment(users, "PENDING");
    const body = JSON.stringify({ id: "evt_refused", bookingId, status: "FAILED" });
    const send = (raw: string, signature?: string) =>
      users.anonymous.request("POST", "/api/webhooks/payments", raw, { "content-type": "application/json", ...(signature ? { "x-signature": signature } : {}) });
    const eventsAbout = async (id: string) => (await server.query(`SELECT id FROM "Event" WHERE payload LIKE $1`, [`%${id}%`])).length;
    const before = await eventsAbout(bookingId);
    expect((await send(body)).status).toBe(401);
    expect((await send(body, signWebhook(body, "wrong-secret"))).status).toBe(401);
    expect((await send(body, "zz")).status).toBe(401);
    expect((await send(body.replace("FAILED", "PAID"), signWebhook(body))).status).toBe(401);
    for (const [event, field] of [
      [{ bookingId, status: "PAID" }, "id"],
      [{ id: "evt_x", bookingId, status: "LOST" }, "status"],
      [{ id: "evt_x", status: "PAID" }, "bookingId"],
    ] as const) {
      const raw = JSON.stringify(event);
      const reply = await send(raw, signWebhook(raw));
      expect(reply.status, raw).toBe(400);
      expect(reply.body.error.field).toBe(field);
    }
    const unknown = JSON.stringify({ id: "evt_unknown", bookingId: "no-such-booking", status: "PAID" });
    expect((await send(unknown, signWebhook(unknown))).status).toBe(404);
    const wrongPayment = JSON.stringify({ id: "evt_wrong_payment", bookingId, paymentId: "no-such-payment", status: "PAID" });
    expect((await send(wrongPayment, signWebhook(wrongPayment))).status).toBe(404);
    const cash = await pendingBooking(users);
    await users.client.post(`/api/payments/${cash.id}/pay`, { method: "CASH" });
    const aboutCash = JSON.stringify({ id: "evt_cash", bookingId: cash.id, status: "PAID" });
    expect((await send(aboutCash, signWebhook(aboutCash))).body.error.code).toBe("NOT_CARD");
    expect((await users.admin.get(`/api/bookings/${cash.id}`)).body.booking.payment.status).toBe("PENDING");
    expect((await users.admin.get(`/api/bookings/${bookingId}`)).body.booking.payment.status).toBe("PENDING");
    expect(await eventsAbout(bookingId)).toBe(before);
  });
});
