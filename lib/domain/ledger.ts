import type { Tx } from "../db/client";
import { platformFee } from "../money";

/**
 * The double-entry ledger: every movement of money is one entry whose lines say where it
 * came from (negative) and where it went (positive), summing to zero. Entries are written
 * in the transaction of the state change they belong to, so the ledger and the payment
 * rows can never disagree about what happened (lib/domain/ledger-check.ts proves it).
 * docs/money.md draws the accounts and each flow.
 */

export const ACCOUNTS = {
  /** Outside: the client's card or wallet. Captures take from it, refunds give back to it. */
  client: "client",
  /** Card money the platform holds for a booking until it is released or refunded. */
  escrow: "escrow",
  /** Cash a provider received for a booking that is not settled yet. */
  providerCash: "provider_cash",
  /** Released money the platform owes a provider, not yet sent. */
  providerPayable: "provider_payable",
  /** A payout sent to the processor and not yet confirmed. */
  payoutInTransit: "payout_in_transit",
  /** Outside: the provider's own (their bank account, or the cash they keep). */
  provider: "provider",
  /** Platform fees on card money, collected. */
  platformRevenue: "platform_revenue",
  /** Platform fees on cash jobs, owed by the provider. */
  feesReceivable: "fees_receivable",
} as const;

export type Account = (typeof ACCOUNTS)[keyof typeof ACCOUNTS];
export type Line = { account: Account; cents: number };
export type EntryKind = "capture" | "settle" | "payout_sent" | "payout_completed" | "payout_failed";
export type PaymentMethod = "CARD" | "CASH";

const line = (account: Account, cents: number): Line => ({ account, cents });

/** Where a payment's money waits once taken: escrow for a card, the provider's hands for cash. */
export function holdingAccount(method: PaymentMethod): Account {
  return method === "CARD" ? ACCOUNTS.escrow : ACCOUNTS.providerCash;
}

/** The client's money arriving: captured by the processor (card) or handed to the provider (cash). */
export function captureLines(method: PaymentMethod, amountCents: number): Line[] {
  return [line(ACCOUNTS.client, -amountCents), line(holdingAccount(method), amountCents)];
}

/**
 * Settling held money: `refundCents` back to the client, the rest to the provider less the
 * platform fee. A card's share becomes owed to the provider (paid out) and its fee revenue;
 * with cash the provider keeps their share and owes the fee.
 */
export function settleLines(method: PaymentMethod, heldCents: number, refundCents: number, feePercent: number): Line[] {
  const kept = heldCents - refundCents;
  const fee = platformFee(kept, feePercent);
  return [
    line(holdingAccount(method), -heldCents),
    line(ACCOUNTS.client, refundCents),
    ...(method === "CARD"
      ? [line(ACCOUNTS.providerPayable, kept - fee), line(ACCOUNTS.platformRevenue, fee)]
      : [line(ACCOUNTS.provider, kept - fee), line(ACCOUNTS.feesReceivable, fee)]),
  ];
}

/** A payout's steps: sent to the processor, then arrived at the provider or back as owed. */
export function payoutLines(step: "payout_sent" | "payout_completed" | "payout_failed", amountCents: number): Line[] {
  switch (step) {
    case "payout_sent":
      return [line(ACCOUNTS.providerPayable, -amountCents), line(ACCOUNTS.payoutInTransit, amountCents)];
    case "payout_completed":
      return [line(ACCOUNTS.payoutInTransit, -amountCents), line(ACCOUNTS.provider, amountCents)];
    case "payout_failed":
      return [line(ACCOUNTS.payoutInTransit, -amountCents), line(ACCOUNTS.providerPayable, amountCents)];
  }
}

export type EntryInput = {
  bookingId: string;
  /** Every entry names its payment, except a payout's from before the ledger (Payout.paymentId null). */
  paymentId?: string;
  payoutId?: string;
  kind: EntryKind;
  currency: string;
  lines: Line[];
};

/**
 * Writes one entry in the caller's transaction. Lines of zero are left out; an entry that
 * does not balance is a bug, and fails the whole transaction rather than be written.
 */
export async function postEntry(tx: Tx, entry: EntryInput): Promise<void> {
  const lines = entry.lines.filter((l) => l.cents !== 0);
  if (lines.some((l) => !Number.isSafeInteger(l.cents)) || lines.reduce((sum, l) => sum + l.cents, 0) !== 0) {
    throw new Error(`Ledger: entry ${entry.kind} for booking ${entry.bookingId} does not balance: ${JSON.stringify(lines)}`);
  }
  if (lines.length === 0) return;
  const { bookingId, paymentId, payoutId, kind, currency } = entry;
  await tx.ledgerEntry.create({
    data: {
      bookingId,
      paymentId,
      payoutId,
      kind,
      lines: { create: lines.map((l) => ({ bookingId, paymentId, account: l.account, amountCents: l.cents, currency })) },
    },
  });
}
