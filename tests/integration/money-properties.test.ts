import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { future, type DemoUsers, type Reply } from "./support/api";
import { serviceOf, useServer } from "./support/fixtures";
import { MANUAL_PROCESSOR, sendWebhook, type WebhookStatus } from "./support/money";
import { DATABASES, type TestServer } from "./support/server";

/**
 * Property: whatever people and the processor do to a few bookings, in whatever order and
 * however many at once, the books balance and every booking's state and money agree.
 *
 * fast-check draws a few bookings, each brought to a starting point one at a time (new,
 * confirmed and paid by card or in cash or still being charged, completed with the money in
 * escrow, or disputed) and starting 2 or 72 hours ahead, so some cancellations are late;
 * then a list of steps, each sending one to three requests at the same moment:
 * payments, cancellations by either side, the provider's steps, confirmations, disputes and
 * their resolutions, cash verification, processor webhooks (new or replayed), declines, and
 * two things the scheduler does (a hold running out, a dispute window ending), while payouts
 * step on their own. Every answer must be a success or a refusal with a code; afterwards
 * GET /api/admin/ledger/check must be ok and each booking's payment must fit its state.
 * A failure prints the seed and the smallest scenario fast-check found.
 */

const RUNS = Number(process.env.MONEY_PROPERTY_RUNS ?? 15);
const CLOSED = ["CANCELLED", "REJECTED", "DECLINED", "EXPIRED"];

type Command =
  | { kind: "pay"; method: "CARD" | "CASH" }
  | { kind: "cancel"; by: "client" | "provider" }
  | { kind: "accept" | "reject" | "start" | "complete" | "confirm" | "dispute" | "verifyCash" | "decline" | "renew" }
  | { kind: "resolve"; outcome: "refund" | "release" | "split" }
  | { kind: "webhook"; status: WebhookStatus; replay: boolean }
  | { kind: "holdRunsOut" | "windowEnds" };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("pay" as const), method: fc.constantFrom("CARD" as const, "CARD" as const, "CASH" as const) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("webhook" as const), status: fc.constantFrom<WebhookStatus>("PAID", "PAID", "FAILED", "REFUNDED"), replay: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom("accept" as const, "start" as const, "complete" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cancel" as const), by: fc.constantFrom("client" as const, "provider" as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom("confirm" as const, "dispute" as const, "verifyCash" as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("resolve" as const), outcome: fc.constantFrom("refund" as const, "release" as const, "split" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom("decline" as const, "reject" as const, "renew" as const, "holdRunsOut" as const, "windowEnds" as const) }) },
);

const STARTS = ["new", "paidByCard", "paidInCash", "beingCharged", "doneInEscrow", "disputed"] as const;
type Start = (typeof STARTS)[number];

const scenarioArb = fc.record({
  bookings: fc.array(fc.record({ start: fc.constantFrom(...STARTS), hoursAhead: fc.constantFrom(2, 72) }), { minLength: 1, maxLength: 3 }),
  steps: fc.array(fc.array(fc.record({ booking: fc.nat(2), command: commandArb }), { minLength: 1, maxLength: 3 }), { minLength: 4, maxLength: 14 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

/** The SQL timestamp for `ms` from now, as each database stores it. */
function at(server: TestServer, ms: number): Date | string {
  const date = new Date(Date.now() + ms);
  return server.kind === "sqlite" ? date.toISOString().replace("Z", "+00:00") : date;
}

/** Brings a new booking to its starting point, one request at a time. */
async function setUp(server: TestServer, users: DemoUsers, serviceId: string, start: Start, hoursAhead: number): Promise<string> {
  const created = await users.client.post("/api/bookings", { serviceId, scheduledAt: future(hoursAhead) });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id: string = created.body.booking.id;
  const step = async (reply: Promise<Reply>) => expect((await reply).status).toBe(200);
  if (start === "new") return id;
  await step(users.provider.post(`/api/bookings/${id}/accept`));
  await step(users.client.post(`/api/payments/${id}/pay`, { method: start === "paidInCash" ? "CASH" : "CARD" }));
  if (start === "beingCharged") return id;
  if (start === "paidInCash") {
    await step(users.provider.post(`/api/payments/${id}/verify-cash`));
    return id;
  }
  await step(sendWebhook(server, { bookingId: id, status: "PAID" }));
  if (start === "paidByCard") return id;
  await step(users.provider.post(`/api/bookings/${id}/start`));
  await step(users.provider.post(`/api/bookings/${id}/complete`));
  if (start === "disputed") await step(users.client.post(`/api/bookings/${id}/dispute`, { reason: "The work was not what we agreed" }));
  return id;
}

function runner(server: TestServer, users: DemoUsers) {
  const sentEvents = new Map<string, { id: string; status: WebhookStatus }>();
  const ok = (): Reply => ({ status: 200, body: {} });

  return async function run(bookingId: string, command: Command): Promise<Reply> {
    const booking = `/api/bookings/${bookingId}`;
    switch (command.kind) {
      case "pay":
        return users.client.post(`/api/payments/${bookingId}/pay`, { method: command.method });
      case "cancel":
        return users[command.by].post(`${booking}/cancel`);
      case "accept":
      case "reject":
      case "start":
      case "complete":
        return users.provider.post(`${booking}/${command.kind}`);
      case "renew":
      case "confirm":
        return users.client.post(`${booking}/${command.kind}`);
      case "dispute":
        return users.client.post(`${booking}/dispute`, { reason: "The work was not what we agreed" });
      case "verifyCash":
        return users.provider.post(`/api/payments/${bookingId}/verify-cash`);
      case "decline":
        return users.admin.post(`/api/admin/bookings/${bookingId}/decline`, { reason: "property test" });
      case "resolve":
        return users.admin.post(`/api/admin/disputes/${bookingId}/resolve`, command.outcome === "split" ? { outcome: "split", refundCents: 1234 } : { outcome: command.outcome });
      case "webhook": {
        const previous = sentEvents.get(bookingId);
        const event = command.replay && previous ? previous : { id: `evt_${randomUUID()}`, status: command.status };
        sentEvents.set(bookingId, event);
        return sendWebhook(server, { bookingId, ...event });
      }
      case "holdRunsOut":
        // The scheduler (every 100 ms) expires it, concurrently with whatever comes next.
        await server.query(`UPDATE "Booking" SET "holdExpiresAt" = $1 WHERE "id" = $2 AND "status" = 'PENDING'`, [at(server, -1000), bookingId]);
        return ok();
      case "windowEnds":
        await server.query(`UPDATE "Booking" SET "completedAt" = $1 WHERE "id" = $2 AND "status" = 'COMPLETED'`, [at(server, -49 * 3_600_000), bookingId]);
        return ok();
    }
  };
}

/** A webhook about a booking without a card payment is refused (404, 409); everything else wins or gets a 409 with a code. */
function expectAnswer(command: Command, reply: Reply) {
  const allowed = command.kind === "webhook" ? [200, 404, 409] : [200, 409];
  expect(allowed, `${JSON.stringify(command)} answered ${reply.status} ${JSON.stringify(reply.body)}`).toContain(reply.status);
  if (reply.status >= 400) expect(reply.body.error.code, JSON.stringify(command)).toMatch(/^[A-Z_]+$/);
}

/** Payment states each booking state may hold (null: never paid). */
function fitsBooking(status: string, payment: { status: string; method: string } | null): boolean {
  if (!payment) return true;
  const p = payment.status;
  if (CLOSED.includes(status)) return p === "FAILED" || p === "REFUNDED" || p === "PARTIALLY_REFUNDED" || (p === "PENDING" && payment.method === "CARD");
  if (status === "COMPLETED") return p !== "PAID";
  return ["PENDING", "PAID", "ESCROW", "FAILED", "REFUNDED"].includes(p);
}

describe.each(DATABASES)("money under random interleavings on %s", (kind) => {
  const ctx = useServer(kind, { ...MANUAL_PROCESSOR, SCHEDULER_INTERVAL_MS: "100", PAYOUT_STEP_MS: "50", PLATFORM_FEE_PERCENT: "10" });

  it(
    "keeps the ledger balanced and every booking's money consistent with its state",
    async () => {
      const { server, users } = ctx;
      await fc.assert(
        fc.asyncProperty(scenarioArb, async (scenario: Scenario) => {
          const service = await serviceOf(users);
          const ids: string[] = [];
          for (const { start, hoursAhead } of scenario.bookings) ids.push(await setUp(server, users, service.id, start, hoursAhead));
          const run = runner(server, users);
          for (const step of scenario.steps) {
            const sent = step.map(({ booking, command }) => ({ command, reply: run(ids[booking % ids.length], command) }));
            for (const { command, reply } of sent) expectAnswer(command, await reply);
          }

          const check = (await users.admin.get("/api/admin/ledger/check")).body;
          expect(check.problems).toEqual([]);
          expect(check.ok).toBe(true);
          for (const id of ids) {
            const { booking } = (await users.admin.get(`/api/bookings/${id}`)).body;
            const about = `${id}: ${booking.status} with ${JSON.stringify(booking.payment)}`;
            expect(fitsBooking(booking.status, booking.payment), about).toBe(true);
            if (booking.payment?.status === "DISPUTED") expect(booking.dispute, about).toMatchObject({ outcome: null });
            if (booking.dispute?.outcome) expect(["REFUNDED", "RELEASED", "PARTIALLY_REFUNDED"], about).toContain(booking.payment.status);
            if (booking.payout) {
              expect(booking.payment, about).toMatchObject({ method: "CARD", currency: booking.payout.currency });
              expect(["RELEASED", "PARTIALLY_REFUNDED"], about).toContain(booking.payment.status);
            }
          }
        }),
        { numRuns: RUNS },
      );
    },
    300_000,
  );
});
