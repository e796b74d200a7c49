import { conflict, forbidden, notFound } from "../api/errors";
import type { Caller } from "../auth/identity";
import { config } from "../config";
import type { Tx } from "../db/client";
import { rooms } from "../realtime/rooms";
import { paymentNotices, type PaymentEventAction } from "./notices";
import { createPayout } from "./payouts";
import { PAYABLE_BOOKING_STATUSES, paymentPath, type PaymentStatus } from "./state-machines";
import { transaction, type Outbox } from "./transaction";
import { bookingInclude, bookingView, paymentView } from "./views";

const ACTION_FOR_STATUS: Record<PaymentStatus, PaymentEventAction> = {
  PENDING: "pending",
  PAID: "paid",
  ESCROW: "escrowed",
  RELEASED: "released",
  FAILED: "failed",
  REFUNDED: "refunded",
};

async function loadBooking(outbox: Outbox, bookingId: string) {
  const booking = await outbox.tx.booking.findUnique({ where: { id: bookingId }, include: bookingInclude });
  if (!booking) throw notFound("Booking");
  return booking;
}

/** Emits payment:updated to both parties, with the notices this step causes. */
async function announcePayment(outbox: Outbox, bookingId: string, status: PaymentStatus) {
  const booking = bookingView(await loadBooking(outbox, bookingId));
  const payment = booking.payment!;
  const action = ACTION_FOR_STATUS[status];
  outbox.event("payment:updated", { action, payment }, [rooms.user(booking.clientId), rooms.user(booking.providerId)]);
  for (const { to, ...notice } of paymentNotices(action, booking, payment.amountCents)) {
    await outbox.notify(to === "client" ? booking.clientId : booking.providerId, notice);
  }
}

/**
 * Moves a payment along the legal path to `to`, one guarded step at a time, each with its
 * event. Returns false when the payment is not where the caller expected (a concurrent
 * change) or no legal path exists.
 */
export async function movePayment(outbox: Outbox, bookingId: string, from: PaymentStatus, to: PaymentStatus): Promise<boolean> {
  const path = paymentPath(from, to);
  if (!path) return false;
  let current = from;
  for (const next of path) {
    const { count } = await outbox.tx.payment.updateMany({
      where: { bookingId, status: current },
      data: { status: next },
    });
    if (count === 0) return false;
    await announcePayment(outbox, bookingId, next);
    current = next;
  }
  if (to === "ESCROW") await releaseIfDue(outbox, bookingId);
  return true;
}

/**
 * A client pays for their booking. CARD is captured at once (PAID, then held in ESCROW);
 * CASH stays PENDING until the provider confirms they received it. A failed or refunded
 * payment may be made again; any other existing payment is a 409.
 */
export async function payForBooking(caller: Caller, bookingId: string, method: "CARD" | "CASH") {
  return transaction(async (outbox) => {
    const booking = await loadBooking(outbox, bookingId);
    if (booking.clientId !== caller.id) throw forbidden("Only the booking's client may pay for it");
    if (!PAYABLE_BOOKING_STATUSES.includes(booking.status)) {
      throw conflict("INVALID_TRANSITION", `A ${booking.status} booking cannot be paid for`);
    }
    const attempt = { method, status: "PENDING" as const, amountCents: booking.priceCents, currency: config().currency };
    if (!booking.payment) {
      await outbox.tx.payment.create({ data: { bookingId, ...attempt } });
    } else {
      // Retrying a failed payment, or paying again for a renewed booking whose first payment
      // was refunded; the guard keeps two racing attempts from both passing.
      const { count } = await outbox.tx.payment.updateMany({
        where: { bookingId, status: { in: ["FAILED", "REFUNDED"] } },
        data: attempt,
      });
      if (count === 0) throw conflict("ALREADY_PAID", `This booking already has a ${booking.payment.status} payment`);
    }
    if (method === "CARD") await movePayment(outbox, bookingId, "PENDING", "ESCROW");
    else await announcePayment(outbox, bookingId, "PENDING");
    return bookingView(await loadBooking(outbox, bookingId));
  });
}

/** The provider confirms a cash payment arrived: PENDING -> ESCROW. */
export async function verifyCashPayment(caller: Caller, bookingId: string) {
  return transaction(async (outbox) => {
    const booking = await loadBooking(outbox, bookingId);
    if (booking.providerId !== caller.id) throw forbidden("Only the booking's provider may verify its cash payment");
    const payment = booking.payment;
    if (!payment) throw conflict("NO_PAYMENT", "The client has not chosen to pay yet");
    if (payment.method !== "CASH") throw conflict("NOT_CASH", "Only cash payments are verified by the provider");
    if (payment.status !== "PENDING" || !(await movePayment(outbox, bookingId, "PENDING", "ESCROW"))) {
      throw conflict("INVALID_TRANSITION", `A ${payment.status} payment cannot be verified`);
    }
    return bookingView(await loadBooking(outbox, bookingId));
  });
}

/**
 * Changes to one payment are made one at a time: whoever moves it (a processor's report, a
 * cancellation, a completion) locks its row before reading it. Without this, a report that
 * the money came in (PAID) racing a cancellation both read PENDING: the cancellation's
 * guarded update then misses, and the booking ends cancelled with the money held; a report
 * racing a completion leaves it completed in escrow with no payout. On PostgreSQL the row
 * lock makes the second wait and then read where the first left it; SQLite runs one write
 * transaction at a time already.
 */
export async function lockPayment(tx: Tx, bookingId: string): Promise<void> {
  if (config().databaseProvider === "postgres") {
    await tx.$executeRaw`SELECT 1 FROM "Payment" WHERE "bookingId" = ${bookingId} FOR UPDATE`;
  }
}

/** On a booking that will not happen: paid money goes back, an unpaid cash promise fails. */
export async function refundIfPaid(outbox: Outbox, bookingId: string): Promise<void> {
  await lockPayment(outbox.tx, bookingId);
  const payment = await outbox.tx.payment.findUnique({ where: { bookingId } });
  if (!payment) return;
  if (payment.status === "PAID" || payment.status === "ESCROW") await movePayment(outbox, bookingId, payment.status, "REFUNDED");
  else if (payment.status === "PENDING") await movePayment(outbox, bookingId, "PENDING", "FAILED");
}

/**
 * Escrow is released once the work is COMPLETED and the money is in ESCROW, whichever
 * happens last, and the provider's payout is created.
 */
export async function releaseIfDue(outbox: Outbox, bookingId: string): Promise<void> {
  await lockPayment(outbox.tx, bookingId);
  const booking = await outbox.tx.booking.findUniqueOrThrow({ where: { id: bookingId }, include: { payment: true } });
  if (booking.status !== "COMPLETED" || booking.payment?.status !== "ESCROW") return;
  if (await movePayment(outbox, bookingId, "ESCROW", "RELEASED")) {
    await createPayout(outbox, booking.id, booking.providerId, booking.payment.amountCents);
  }
}
