import { describe, expect, it } from "vitest";
import { providerShare } from "../../lib/money";
import { signWebhook, type DemoUsers } from "./support/api";
import { bookingIn, pendingBooking, useServer } from "./support/fixtures";
import { DATABASES, type TestServer } from "./support/server";

/**
 * Fault: the payment processor storms us. Every report comes several times (the same bytes,
 * and the same report formatted differently), reports about one payment arrive out of order,
 * and all of it at once. Every payment must end where the reports lead and money must move
 * once: checked in the rows (payments, payouts, events), not only in the answers.
 * docs/resilience.md lists this test.
 */

type Status = "PAID" | "ESCROW" | "FAILED" | "REFUNDED";
type Scenario = {
  name: string;
  /** The booking's state when the reports arrive; its payment is CASH and still PENDING. */
  booking: "PENDING" | "COMPLETED";
  reports: Status[];
  /** Where the payment ends, whatever the order of the reports. */
  ends: "ESCROW" | "FAILED" | "REFUNDED" | "RELEASED";
};

const SCENARIOS: Scenario[] = [
  { name: "a capture, replayed", booking: "PENDING", reports: ["PAID"], ends: "ESCROW" },
  { name: "a capture reported as PAID and as ESCROW", booking: "PENDING", reports: ["ESCROW", "PAID"], ends: "ESCROW" },
  { name: "a refund that may overtake its capture", booking: "PENDING", reports: ["PAID", "REFUNDED"], ends: "REFUNDED" },
  { name: "a failure, replayed", booking: "PENDING", reports: ["FAILED"], ends: "FAILED" },
  { name: "a late capture for finished work", booking: "COMPLETED", reports: ["PAID", "ESCROW"], ends: "RELEASED" },
];
const BOOKINGS_PER_SCENARIO = 4;
/** Each report goes out this many times byte for byte, and once more formatted differently. */
const REPLAYS = 3;
const IN_FLIGHT = 16;

async function bookingWithCashPayment(users: DemoUsers, state: Scenario["booking"]) {
  const booking = state === "COMPLETED" ? await bookingIn(users, "COMPLETED") : await pendingBooking(users);
  const paid = await users.client.post(`/api/payments/${booking.id}/pay`, { method: "CASH" });
  if (paid.status !== 200) throw new Error(`cash payment failed: ${JSON.stringify(paid.body)}`);
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
  const ctx = useServer(kind);

  it(
    "replayed and out-of-order reports leave every payment in the right state, with money moved once",
    async () => {
      const { server, users } = ctx;
      const cases: { scenario: Scenario; bookingId: string }[] = [];
      for (const scenario of SCENARIOS) {
        for (let i = 0; i < BOOKINGS_PER_SCENARIO; i++) cases.push({ scenario, bookingId: await bookingWithCashPayment(users, scenario.booking) });
      }

      const deliveries = shuffle(
        cases.flatMap(({ scenario, bookingId }) =>
          scenario.reports.flatMap((status) => {
            const report = { bookingId, status };
            return [...Array(REPLAYS).fill(JSON.stringify(report)), JSON.stringify(report, null, 2)];
          }),
        ),
      );
      const answers = await inFlight(deliveries, IN_FLIGHT, (raw) => deliver(server, raw));
      const refused = answers.filter((a) => a.status !== 200);
      expect(refused, "every delivery is acknowledged (a processor retries anything else)").toEqual([]);

      const events = await server.query<{ type: string; payload: string }>(
        `SELECT type, payload FROM "Event" WHERE type IN ('payment:updated', 'payout:updated') ORDER BY id`,
      );
      for (const { scenario, bookingId } of cases) {
        const about = `${scenario.name} (${bookingId})`;
        const [payment] = await server.query<{ status: string; amountCents: number }>(
          `SELECT status, "amountCents" FROM "Payment" WHERE "bookingId" = $1`,
          [bookingId],
        );
        expect(payment.status, about).toBe(scenario.ends);

        const actions = (type: string, key: "payment" | "payout") =>
          events
            .filter((e) => e.type === type)
            .map((e) => JSON.parse(e.payload) as Record<string, { bookingId: string } | string>)
            .filter((data) => (data[key] as { bookingId: string }).bookingId === bookingId)
            .map((data) => data.action as string);
        const paymentActions = actions("payment:updated", "payment");
        expect(new Set(paymentActions).size, `${about}: a payment step announced twice: ${paymentActions}`).toBe(paymentActions.length);

        const payouts = await server.query<{ amountCents: number }>(`SELECT "amountCents" FROM "Payout" WHERE "bookingId" = $1`, [bookingId]);
        if (scenario.ends === "RELEASED") {
          expect(payouts, `${about}: one payout`).toHaveLength(1);
          expect(payouts[0].amountCents).toBe(providerShare(payment.amountCents, 10));
          expect(paymentActions.filter((a) => a === "released")).toHaveLength(1);
          expect(actions("payout:updated", "payout").filter((a) => a === "created")).toHaveLength(1);
        } else {
          expect(payouts, `${about}: no payout`).toHaveLength(0);
        }
      }

      const receipts = await server.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM "WebhookReceipt"`);
      expect(Number(receipts[0].n), "one receipt per distinct delivery").toBe(new Set(deliveries).size);
    },
    120_000,
  );

  it("a capture racing the booking's cancellation or completion leaves no money stuck and pays out once", async () => {
    const { server, users } = ctx;
    const RACES = 6;
    const cases: { kind: "cancel" | "complete"; bookingId: string }[] = [];
    for (const kind of ["cancel", "complete"] as const) {
      for (let i = 0; i < RACES; i++) {
        const { id } = kind === "cancel" ? await pendingBooking(users) : await bookingIn(users, "IN_PROGRESS");
        expect((await users.client.post(`/api/payments/${id}/pay`, { method: "CASH" })).status).toBe(200);
        cases.push({ kind, bookingId: id });
      }
    }
    // The processor's capture and the booking's own step, at the same moment, for every booking.
    await Promise.all(
      cases.map(({ kind, bookingId }) =>
        Promise.all([
          deliver(server, JSON.stringify({ bookingId, status: "PAID" })).then((reply) => expect(reply.status).toBe(200)),
          (kind === "cancel" ? users.client : users.provider)
            .post(`/api/bookings/${bookingId}/${kind}`)
            .then((reply) => expect(reply.status, JSON.stringify(reply.body)).toBe(200)),
        ]),
      ),
    );
    for (const { kind, bookingId } of cases) {
      const [payment] = await server.query<{ status: string }>(`SELECT status FROM "Payment" WHERE "bookingId" = $1`, [bookingId]);
      const payouts = await server.query<{ id: string }>(`SELECT id FROM "Payout" WHERE "bookingId" = $1`, [bookingId]);
      if (kind === "cancel") {
        // Refunded when the capture came first, failed when the cancellation did: never held.
        expect(["REFUNDED", "FAILED"], `cancelled ${bookingId}`).toContain(payment.status);
        expect(payouts).toHaveLength(0);
      } else {
        expect(payment.status, `completed ${bookingId}`).toBe("RELEASED");
        expect(payouts).toHaveLength(1);
      }
    }
  });
});
