import { platformFee } from "../money";
import type { BookingView } from "./views";

export type EarningsTotals = {
  /** Card money held until the client confirms or the dispute window ends. */
  heldCents: number;
  /** Card money held until an administrator decides a dispute. */
  disputedCents: number;
  /** Payouts on their way (PENDING or PROCESSING). */
  payoutPendingCents: number;
  /** COMPLETED payouts. */
  paidOutCents: number;
  /** The platform's fee on cash the provider kept for settled jobs: what they owe. */
  cashFeesOwedCents: number;
};

const SETTLED_CASH: readonly string[] = ["RELEASED", "PARTIALLY_REFUNDED"];

/** What bookings a page does not show add to its totals (see providerEarnings): money that will not move again. */
export type SettledElsewhere = Pick<EarningsTotals, "paidOutCents" | "cashFeesOwedCents">;

/**
 * The provider's money across their bookings, by where it stands, plus what bookings not
 * shown add. Pure, so every live event that changes a booking recomputes it, and the server
 * uses it to work out `elsewhere`. The cash fee follows the server's rule (lib/money.ts
 * platformFee, rounded up for the platform) on what the provider kept.
 *
 * @example
 * earningsTotals(bookings, { feePercent: 10 }).heldCents; // 13500
 */
export function earningsTotals(
  bookings: BookingView[],
  { feePercent, elsewhere = { paidOutCents: 0, cashFeesOwedCents: 0 } }: { feePercent: number; elsewhere?: SettledElsewhere },
): EarningsTotals {
  const totals: EarningsTotals = { heldCents: 0, disputedCents: 0, payoutPendingCents: 0, ...elsewhere };
  for (const { payment, payout } of bookings) {
    if (payment?.status === "ESCROW") totals.heldCents += payment.amountCents;
    if (payment?.status === "DISPUTED") totals.disputedCents += payment.amountCents;
    if (payment?.method === "CASH" && SETTLED_CASH.includes(payment.status)) {
      totals.cashFeesOwedCents += platformFee(payment.amountCents - payment.refundedCents, feePercent);
    }
    if (payout?.status === "PENDING" || payout?.status === "PROCESSING") totals.payoutPendingCents += payout.amountCents;
    if (payout?.status === "COMPLETED") totals.paidOutCents += payout.amountCents;
  }
  return totals;
}
