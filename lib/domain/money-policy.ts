import { lateCancellationFee } from "../money";
import { HELD_PAYMENT_STATUSES, type BookingStatus, type PaymentStatus } from "./state-machines";

/**
 * The money rules that depend on time, pure so every rounding and boundary is unit-tested.
 *
 * Cancellation: a client who
 * cancels before the provider confirmed, or at least LATE_CANCEL_HOURS before the start,
 * gets everything back. Later, LATE_CANCEL_FEE_PERCENT of the price goes to the provider
 * (paid out less the platform fee) and the rest back to the client. A provider's
 * cancellation, an admin's decline, a rejection and an expired hold refund everything.
 * The fee comes out of money actually paid: an unpaid booking costs nothing to cancel.
 */

export type CancellationPolicy = { lateCancelHours: number; lateCancelFeePercent: number };

export type CancellationTerms = {
  /** What goes back to the client, of the money paid. */
  refundCents: number;
  /** What the provider keeps, of the money paid (before the platform fee). */
  feeCents: number;
  /** From when a client's cancellation costs the fee: LATE_CANCEL_HOURS before the start. */
  lateFrom: string;
};

/** States a client or provider may still cancel from. */
export const CANCELLABLE_BOOKING_STATUSES: readonly BookingStatus[] = ["PENDING", "CONFIRMED"];

/**
 * What the policy applies to: money held for the booking, and a card payment still being
 * charged (its fee is kept back when the capture arrives). A cash promise not yet kept, or a
 * failed or refunded attempt, counts nothing.
 */
export function paidTowardsBooking(payment: { status: PaymentStatus; method: "CARD" | "CASH"; amountCents: number } | null): number {
  if (!payment) return 0;
  const onItsWay = payment.status === "PENDING" && payment.method === "CARD";
  return HELD_PAYMENT_STATUSES.includes(payment.status) || onItsWay ? payment.amountCents : 0;
}

export function lateFrom(scheduledAt: Date, policy: CancellationPolicy): Date {
  return new Date(scheduledAt.getTime() - policy.lateCancelHours * 3_600_000);
}

/**
 * What cancelling now would do with `paidCents`: by the booking's client (`byClient`), or
 * by anyone else (provider, admin, the scheduler), which always refunds in full.
 */
export function cancellationTerms(
  booking: { status: BookingStatus; scheduledAt: Date; priceCents: number },
  paidCents: number,
  byClient: boolean,
  now: Date,
  policy: CancellationPolicy,
): CancellationTerms {
  const from = lateFrom(booking.scheduledAt, policy);
  const late = byClient && booking.status === "CONFIRMED" && now.getTime() > from.getTime();
  const feeCents = late ? Math.min(paidCents, lateCancellationFee(booking.priceCents, policy.lateCancelFeePercent)) : 0;
  return { refundCents: paidCents - feeCents, feeCents, lateFrom: from.toISOString() };
}

/**
 * After completion, card money waits in escrow until the client confirms, disputes, or
 * this moment passes (DISPUTE_WINDOW_HOURS after completion; lib/domain/escrow.ts).
 */
export function disputeWindowEnd(completedAt: Date, disputeWindowMs: number): Date {
  return new Date(completedAt.getTime() + disputeWindowMs);
}
