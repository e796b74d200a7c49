import { db } from "../db/client";
import { ACCOUNTS, holdingAccount, type PaymentMethod } from "./ledger";
import { CLOSED_BOOKING_STATUSES, HELD_PAYMENT_STATUSES, type BookingStatus, type PaymentStatus, type PayoutStatus } from "./state-machines";

/**
 * Proves the ledger and the rows agree (GET /api/admin/ledger/check): every entry
 * balances in one currency; for every payment, captured = released + refunded + held, and
 * each of those is what its status says; money in escrow is exactly what payments in
 * ESCROW and DISPUTED hold; no closed booking holds money; every payout is where its status
 * says. The rules are a pure function of the rows (findLedgerProblems), unit-tested apart.
 */

export type LedgerProblem = { bookingId: string; problem: string };

type Flow = { inCents: number; outCents: number };
export type LedgerFacts = {
  unbalancedEntries: { bookingId: string; entryId: string; sum: number; currencies: number }[];
  /** Money in and out of each account, per payment. */
  flows: { paymentId: string; account: string; inCents: number; outCents: number; currencies: string[] }[];
  payments: { id: string; bookingId: string; method: PaymentMethod; status: PaymentStatus; amountCents: number; refundedCents: number; currency: string }[];
  bookings: { id: string; status: BookingStatus }[];
  payouts: { bookingId: string; paymentId: string | null; status: PayoutStatus; amountCents: number; currency: string }[];
};

const RELEASED_ACCOUNTS = [ACCOUNTS.providerPayable, ACCOUNTS.payoutInTransit, ACCOUNTS.provider, ACCOUNTS.platformRevenue, ACCOUNTS.feesReceivable];
const money = (cents: number) => String(cents);

export function findLedgerProblems(facts: LedgerFacts): LedgerProblem[] {
  const problems: LedgerProblem[] = [];
  const problem = (bookingId: string, text: string) => problems.push({ bookingId, problem: text });

  for (const entry of facts.unbalancedEntries) {
    problem(entry.bookingId, entry.currencies > 1 ? `entry ${entry.entryId} mixes ${entry.currencies} currencies` : `entry ${entry.entryId} does not balance (off by ${entry.sum})`);
  }

  const flowsByPayment = new Map<string, Map<string, Flow & { currencies: string[] }>>();
  for (const flow of facts.flows) {
    if (!flowsByPayment.has(flow.paymentId)) flowsByPayment.set(flow.paymentId, new Map());
    flowsByPayment.get(flow.paymentId)!.set(flow.account, flow);
  }
  const payoutByPayment = new Map(facts.payouts.filter((p) => p.paymentId).map((p) => [p.paymentId!, p]));
  const statusOf = new Map(facts.bookings.map((b) => [b.id, b.status]));
  let escrowInLedger = 0;
  let escrowInPayments = 0;

  for (const payment of facts.payments) {
    const flows = flowsByPayment.get(payment.id) ?? new Map<string, Flow & { currencies: string[] }>();
    const balance = (account: string) => {
      const flow = flows.get(account);
      return flow ? flow.inCents - flow.outCents : 0;
    };
    const say = (text: string) => problem(payment.bookingId, `payment ${payment.id} (${payment.method} ${payment.status}): ${text}`);
    const captured = flows.get(ACCOUNTS.client)?.outCents ?? 0;
    const refunded = flows.get(ACCOUNTS.client)?.inCents ?? 0;
    const held = balance(holdingAccount(payment.method));
    const released = RELEASED_ACCOUNTS.reduce((sum, account) => sum + balance(account), 0);
    const { amountCents: amount, status } = payment;
    escrowInLedger += balance(ACCOUNTS.escrow);
    if (status === "ESCROW" || status === "DISPUTED") escrowInPayments += amount;

    if (captured !== released + refunded + held) {
      say(`captured ${money(captured)} is not released ${money(released)} + refunded ${money(refunded)} + held ${money(held)}`);
    }
    if (refunded !== payment.refundedCents) say(`the ledger refunded ${money(refunded)} but the payment says ${money(payment.refundedCents)}`);
    for (const [account, flow] of flows) {
      if (flow.currencies.some((c) => c !== payment.currency)) say(`${account} moved money in ${flow.currencies.join(", ")}, not ${payment.currency}`);
    }
    const other = payment.method === "CARD" ? ACCOUNTS.providerCash : ACCOUNTS.escrow;
    if (flows.has(other)) say(`a ${payment.method} payment moved money through ${other}`);

    const expect = (what: string, actual: number, wanted: number) => actual !== wanted && say(`${what} is ${money(actual)}, expected ${money(wanted)}`);
    switch (status) {
      case "PENDING":
      case "FAILED":
        expect("captured", captured, 0);
        break;
      case "PAID":
        if (payment.method === "CARD") say("a card payment was left between capture and escrow");
        expect("held", held, amount);
        expect("captured", captured, amount);
        break;
      case "ESCROW":
      case "DISPUTED":
        expect("held", held, amount);
        expect("captured", captured, amount);
        break;
      case "RELEASED":
      case "REFUNDED":
      case "PARTIALLY_REFUNDED":
        expect("captured", captured, amount);
        expect("held", held, 0);
        if (status === "RELEASED") expect("refunded", refunded, 0);
        if (status === "REFUNDED") expect("refunded", refunded, amount);
        if (status === "PARTIALLY_REFUNDED" && (refunded <= 0 || refunded >= amount)) say(`refunded ${money(refunded)} is not part of ${money(amount)}`);
        break;
    }

    const bookingStatus = statusOf.get(payment.bookingId);
    if (bookingStatus && CLOSED_BOOKING_STATUSES.includes(bookingStatus) && (HELD_PAYMENT_STATUSES.includes(status) || held !== 0)) {
      say(`the booking is ${bookingStatus} but the payment holds ${money(held)}`);
    }

    // Card money owed to the provider is one payout, and the ledger is where its status says.
    const payout = payoutByPayment.get(payment.id);
    const providerSide = balance(ACCOUNTS.providerPayable) + balance(ACCOUNTS.payoutInTransit) + balance(ACCOUNTS.provider);
    if (payment.method === "CASH") {
      if (payout) say("a cash payment has a payout");
      continue;
    }
    if (!payout) {
      if (providerSide !== 0) say(`${money(providerSide)} is owed to the provider without a payout`);
      continue;
    }
    if (payout.currency !== payment.currency) say(`its payout is in ${payout.currency}, not ${payment.currency}`);
    expect("owed to the provider", providerSide, payout.amountCents);
    const owed = payout.status === "PENDING" || payout.status === "FAILED" ? payout.amountCents : 0;
    expect(`payable for a ${payout.status} payout`, balance(ACCOUNTS.providerPayable), owed);
    expect(`in transit for a ${payout.status} payout`, balance(ACCOUNTS.payoutInTransit), payout.status === "PROCESSING" ? payout.amountCents : 0);
  }

  if (escrowInLedger !== escrowInPayments) {
    problem("*", `escrow holds ${money(escrowInLedger)} but payments in ESCROW or DISPUTED add up to ${money(escrowInPayments)}`);
  }
  return problems;
}

type SumRow = { paymentId: string; account: string; inCents: number | bigint | string; outCents: number | bigint | string; currencies: string };

/** Reads what findLedgerProblems needs: sums in the database, one row per payment and account. */
async function loadFacts(): Promise<LedgerFacts> {
  const [unbalanced, sums, payments, payouts] = await Promise.all([
    db().$queryRawUnsafe<{ bookingId: string; entryId: string; total: number | bigint | string; currencies: number | bigint | string }[]>(
      `SELECT e."bookingId", l."entryId", SUM(l."amountCents") AS "total", COUNT(DISTINCT l."currency") AS "currencies"
       FROM "LedgerLine" l JOIN "LedgerEntry" e ON e."id" = l."entryId"
       GROUP BY e."bookingId", l."entryId"
       HAVING SUM(l."amountCents") <> 0 OR COUNT(DISTINCT l."currency") > 1`,
    ),
    db().$queryRawUnsafe<SumRow[]>(
      `SELECT "paymentId", "account",
         SUM(CASE WHEN "amountCents" > 0 THEN "amountCents" ELSE 0 END) AS "inCents",
         SUM(CASE WHEN "amountCents" < 0 THEN -"amountCents" ELSE 0 END) AS "outCents",
         MIN("currency") || ',' || MAX("currency") AS "currencies"
       FROM "LedgerLine" WHERE "paymentId" IS NOT NULL GROUP BY "paymentId", "account"`,
    ),
    db().payment.findMany({ select: { id: true, bookingId: true, method: true, status: true, amountCents: true, refundedCents: true, currency: true, booking: { select: { status: true } } } }),
    db().payout.findMany({ select: { bookingId: true, paymentId: true, status: true, amountCents: true, currency: true } }),
  ]);
  return {
    unbalancedEntries: unbalanced.map((row) => ({ bookingId: row.bookingId, entryId: row.entryId, sum: Number(row.total), currencies: Number(row.currencies) })),
    flows: sums.map((row) => ({
      paymentId: row.paymentId,
      account: row.account,
      inCents: Number(row.inCents),
      outCents: Number(row.outCents),
      currencies: [...new Set(row.currencies.split(","))],
    })),
    payments: payments.map(({ booking, ...payment }) => payment),
    bookings: payments.map((p) => ({ id: p.bookingId, status: p.booking.status })),
    payouts,
  };
}

export async function checkLedger() {
  const facts = await loadFacts();
  const problems = findLedgerProblems(facts);
  return { ok: problems.length === 0, checked: facts.payments.length, problems };
}
