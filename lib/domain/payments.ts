import { authorize } from "../auth/access-policy";
import type { Caller } from "../auth/identity";
import { config } from "../config";
import type { Payment } from "../generated/sqlite/client";
import { logger } from "../logger";
import { providerShare } from "../money";
import { paymentProcessor } from "../payments/processor";
import { recordBookingActivity } from "./activity";
import { adminIds } from "./admins";
import { lockBooking, type LockedBooking } from "./booking-lock";
import { conflict } from "./errors";
import { cancellationTerms, paidTowardsBooking, type CancellationTerms } from "./money-policy";
import { captureLines, postEntry, settleLines } from "./ledger";
import { paymentNotices, type PaymentEventAction } from "./notices";
import { createPayout } from "./payouts";
import {
  canMovePayment,
  CLOSED_BOOKING_STATUSES,
  HELD_PAYMENT_STATUSES,
  OPEN_BOOKING_STATUSES,
  PAYABLE_BOOKING_STATUSES,
  type PaymentStatus,
} from "./state-machines";
import { transaction, type Outbox } from "./transaction";
import { bookingAudience, bookingInclude, bookingView, currentPayment, loadBookingView, paymentView } from "./views";

/**
 * A booking's money: paying, the processor's confirmation, recording cash, and settling
 * what is held (release, refund, or part each way). Every function here runs inside a
 * transaction that holds the booking's lock (lockBooking), writes its ledger entry beside
 * the state it changes, and asks the processor to move card money only after the commit.
 * docs/money.md draws the flows.
 */

/**
 * Emits payment:updated (with the booking as it now stands) to the booking's audience
 * (`bookingAudience`), with the notices this step causes.
 */
async function announcePayment(outbox: Outbox, payment: Payment, action: PaymentEventAction): Promise<void> {
  const { tx } = outbox;
  // The booking's version moves with its money, so a page keeps the newer of two copies.
  const booking = bookingView(await tx.booking.update({ where: { id: payment.bookingId }, data: { updatedAt: new Date() }, include: bookingInclude }));
  const view = paymentView(payment);
  outbox.event("payment:updated", { action, payment: view, booking }, bookingAudience(booking));
  const providerShareCents = providerShare(view.amountCents - view.refundedCents, config().platformFeePercent);
  const notices = paymentNotices(action, booking, { ...view, providerShareCents });
  const admins = notices.some((n) => n.to === "admins") ? await adminIds(tx) : [];
  for (const { to, ...notice } of notices) {
    if (to === "admins") await outbox.notifyAll(admins, notice);
    else await outbox.notify(to === "client" ? booking.clientId : booking.providerId, notice);
  }
}

/** Moves a payment one legal step and announces it. An illegal step is a bug, not a conflict. */
export async function setPaymentStatus(
  outbox: Outbox,
  payment: Payment,
  to: PaymentStatus,
  action: PaymentEventAction,
  refundedCents?: number,
): Promise<Payment> {
  if (!canMovePayment(payment.status, to)) throw new Error(`Payment ${payment.id}: ${payment.status} -> ${to} is not a legal step`);
  const updated = await outbox.tx.payment.update({ where: { id: payment.id }, data: { status: to, refundedCents } });
  await announcePayment(outbox, updated, action);
  return updated;
}

/** A new attempt is allowed when the last failed, or was refunded before the booking was renewed. */
function mayPayAgain(payment: Payment, booking: LockedBooking): boolean {
  return payment.status === "FAILED" || (payment.status === "REFUNDED" && OPEN_BOOKING_STATUSES.includes(booking.status));
}

/**
 * A client pays for their booking. CARD: the payment is PENDING and the processor is asked
 * to charge the card once this commits; its webhook moves it to ESCROW (or FAILED). CASH:
 * PENDING until the provider records the cash.
 */
export async function payForBooking(caller: Caller, bookingId: string, method: "CARD" | "CASH") {
  return transaction(async (outbox) => {
    const booking = await lockBooking(outbox.tx, bookingId);
    authorize("booking.pay", caller, booking);
    if (!PAYABLE_BOOKING_STATUSES.includes(booking.status)) {
      throw conflict("INVALID_TRANSITION", `A ${booking.status} booking cannot be paid for`);
    }
    const last = currentPayment(booking);
    if (last && !mayPayAgain(last, booking)) throw conflict("ALREADY_PAID", `This booking already has a ${last.status} payment`);
    const payment = await outbox.tx.payment.create({
      data: { bookingId, method, status: "PENDING", amountCents: booking.priceCents, currency: config().currency },
    });
    await announcePayment(outbox, payment, "pending");
    await recordBookingActivity(outbox, caller, bookingId, "pay");
    if (method === "CARD") outbox.afterCommit("charge", () => startCharge(payment));
    return loadBookingView(outbox.tx, bookingId);
  });
}

/** Asks the processor to charge the card; if it refuses outright, the payment has failed. */
async function startCharge(payment: Payment): Promise<void> {
  const { id: paymentId, bookingId, amountCents, currency } = payment;
  try {
    await paymentProcessor().charge({ paymentId, bookingId, amountCents, currency });
  } catch (error) {
    logger().error({ err: error, code: "CHARGE_REFUSED", paymentId });
    await transaction(async (outbox) => {
      const booking = await lockBooking(outbox.tx, bookingId);
      const now = currentPayment(booking);
      if (now?.id === paymentId && now.status === "PENDING") await setPaymentStatus(outbox, now, "FAILED", "failed");
    });
  }
}

/** The provider records the client's cash: PENDING -> PAID (the provider holds it). */
export async function verifyCashPayment(caller: Caller, bookingId: string) {
  return transaction(async (outbox) => {
    const booking = await lockBooking(outbox.tx, bookingId);
    authorize("booking.verify-cash", caller, booking);
    const payment = currentPayment(booking);
    if (!payment) throw conflict("NO_PAYMENT", "The client has not chosen to pay yet");
    if (payment.method !== "CASH") throw conflict("NOT_CASH", "Only cash payments are verified by the provider");
    if (payment.status !== "PENDING") throw conflict("INVALID_TRANSITION", `A ${payment.status} payment cannot be verified`);
    await recordCapture(outbox, booking, payment);
    await recordBookingActivity(outbox, caller, bookingId, "verify-cash");
    return loadBookingView(outbox.tx, bookingId);
  });
}

/**
 * The client's money arrived: captured by the processor (card, then held in ESCROW) or
 * handed to the provider (cash, PAID). Money for a booking that will not happen any more
 * goes straight back, less a late-cancellation fee decided when it closed; cash for
 * finished work is settled at once.
 */
export async function recordCapture(outbox: Outbox, booking: LockedBooking, payment: Payment): Promise<void> {
  const held = await holdCapturedMoney(outbox, payment);
  const { amountCents } = held;
  if (CLOSED_BOOKING_STATUSES.includes(booking.status)) await settle(outbox, booking, held, amountCents - Math.min(amountCents, booking.cancellationFeeCents ?? 0));
  else if (booking.status === "COMPLETED" && held.method === "CASH") await settle(outbox, booking, held, 0);
}

/** The capture itself: its ledger entry and PENDING -> PAID (-> ESCROW for a card). Returns the payment as it is now held. */
export async function holdCapturedMoney(outbox: Outbox, payment: Payment): Promise<Payment> {
  const { id: paymentId, bookingId, method, amountCents, currency } = payment;
  await postEntry(outbox.tx, { bookingId, paymentId, kind: "capture", currency, lines: captureLines(method, amountCents) });
  const paid = await setPaymentStatus(outbox, payment, "PAID", "paid");
  return method === "CARD" ? setPaymentStatus(outbox, paid, "ESCROW", "escrowed") : paid;
}

const SETTLED_ACTION = { RELEASED: "released", REFUNDED: "refunded", PARTIALLY_REFUNDED: "partially_refunded" } as const;

type SettleOptions = {
  /** The event word, when it is not the resulting status's own (a dispute's resolution). */
  action?: PaymentEventAction;
  /** The processor made the refund itself (it reported it): it must not be asked again. */
  refundedByProcessor?: boolean;
};

/**
 * Settles money held for a booking: `refundCents` back to the client, the rest to the
 * provider less the platform fee. For a card that rest is paid out; for cash the provider
 * keeps it and owes the fee. The processor is asked to refund card money after the commit.
 */
export async function settle(
  outbox: Outbox,
  booking: { id: string; providerId: string },
  payment: Payment,
  refundCents: number,
  { action, refundedByProcessor = false }: SettleOptions = {},
): Promise<void> {
  const { id: paymentId, method, amountCents, currency } = payment;
  const { platformFeePercent } = config();
  await postEntry(outbox.tx, { bookingId: booking.id, paymentId, kind: "settle", currency, lines: settleLines(method, amountCents, refundCents, platformFeePercent) });
  const status = refundCents === amountCents ? "REFUNDED" : refundCents === 0 ? "RELEASED" : "PARTIALLY_REFUNDED";
  await setPaymentStatus(outbox, payment, status, action ?? SETTLED_ACTION[status], refundCents);
  if (method !== "CARD") return;
  const share = providerShare(amountCents - refundCents, platformFeePercent);
  if (share > 0) await createPayout(outbox, { bookingId: booking.id, providerId: booking.providerId, paymentId, amountCents: share, currency });
  if (refundCents > 0 && !refundedByProcessor) {
    outbox.afterCommit("refund", () => paymentProcessor().refund({ paymentId, bookingId: booking.id, amountCents, currency, refundCents }));
  }
}

/** What closing this booking now would do with its money: the cancellation policy (lib/domain/money-policy.ts). */
export function closingTerms(booking: LockedBooking, byClient: boolean, now = new Date()): CancellationTerms {
  const { lateCancelHours, lateCancelFeePercent } = config().money;
  return cancellationTerms(booking, paidTowardsBooking(currentPayment(booking)), byClient, now, { lateCancelHours, lateCancelFeePercent });
}

/**
 * The booking will not happen (cancelled, rejected, declined, expired): held money is
 * settled by `terms` (closingTerms, read before the booking changed); for a card still
 * being charged the fee is written down, to be kept back from the capture (recordCapture);
 * an unpaid cash promise fails. Called after the booking's new status is written.
 */
export async function settleClosedBooking(outbox: Outbox, booking: LockedBooking, terms: CancellationTerms): Promise<void> {
  const payment = currentPayment(booking);
  if (!payment) return;
  if (HELD_PAYMENT_STATUSES.includes(payment.status)) await settle(outbox, booking, payment, terms.refundCents);
  else if (payment.status === "PENDING" && payment.method === "CARD") {
    await outbox.tx.booking.update({ where: { id: booking.id }, data: { cancellationFeeCents: terms.feeCents } });
  } else if (payment.status === "PENDING") await setPaymentStatus(outbox, payment, "FAILED", "failed");
}

/** Work was completed: cash the provider already holds is settled now (card money waits for the client; lib/domain/escrow.ts). */
export async function settleCompletedCash(outbox: Outbox, booking: LockedBooking): Promise<void> {
  const payment = currentPayment(booking);
  if (payment?.method === "CASH" && payment.status === "PAID") await settle(outbox, booking, payment, 0);
}
