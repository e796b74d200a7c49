import { authorize } from "../auth/access-policy";
import type { Caller } from "../auth/identity";
import { config } from "../config";
import { db } from "../db/client";
import { rooms } from "../realtime/rooms";
import { recordBookingActivity } from "./activity";
import { recordAudit } from "./audit";
import { lockBooking } from "./booking-lock";
import { conflict, invalid } from "./errors";
import { escrowedPayment } from "./escrow";
import { disputeWindowEnd } from "./money-policy";
import { setPaymentStatus, settle } from "./payments";
import { transaction } from "./transaction";
import { bookingInclude, bookingView, currentPayment, loadBookingView } from "./views";

/**
 * A client who is unhappy with completed work disputes it within the dispute window; the
 * card money stays in escrow (DISPUTED) until an admin refunds it, releases it, or splits it.
 */

export async function openDispute(caller: Caller, bookingId: string, reason: string) {
  return transaction(async (outbox) => {
    const booking = await lockBooking(outbox.tx, bookingId);
    authorize("booking.dispute", caller, booking);
    if (booking.status !== "COMPLETED" || !booking.completedAt) {
      throw conflict("INVALID_TRANSITION", `A ${booking.status} booking cannot be disputed; only completed work can`);
    }
    const payment = escrowedPayment(booking);
    if (Date.now() > disputeWindowEnd(booking.completedAt, config().money.disputeWindowMs).getTime()) {
      throw conflict("DISPUTE_WINDOW_CLOSED", "The time to dispute this booking has passed");
    }
    await outbox.tx.dispute.create({ data: { bookingId, paymentId: payment.id, openedById: caller.id, reason } });
    await setPaymentStatus(outbox, payment, "DISPUTED", "disputed");
    await recordBookingActivity(outbox, caller, bookingId, "dispute");
    return loadBookingView(outbox.tx, bookingId);
  });
}

export type DisputeDecision = { outcome: "refund" | "release" | "split"; refundCents?: number; note?: string };

/** An admin decides an open dispute: everything back, everything to the provider, or a split. */
export async function resolveDispute(admin: Caller, bookingId: string, decision: DisputeDecision) {
  return transaction(async (outbox) => {
    const booking = await lockBooking(outbox.tx, bookingId);
    const payment = currentPayment(booking);
    if (!booking.dispute || booking.dispute.resolvedAt || payment?.status !== "DISPUTED") {
      throw conflict("NO_OPEN_DISPUTE", "This booking has no open dispute");
    }
    const refundCents = decision.outcome === "refund" ? payment.amountCents : decision.outcome === "release" ? 0 : decision.refundCents!;
    if (refundCents >= payment.amountCents && decision.outcome === "split") {
      throw invalid("refundCents", `must be less than the payment (${payment.amountCents}); use outcome "refund" to return all of it`);
    }
    await outbox.tx.dispute.update({
      where: { bookingId },
      data: { outcome: decision.outcome, refundCents, note: decision.note ?? null, resolvedById: admin.id, resolvedAt: new Date() },
    });
    await recordAudit(outbox, admin, "dispute.resolve", "Booking", bookingId, { outcome: decision.outcome, refundCents, note: decision.note ?? null });
    await settle(outbox, booking, payment, refundCents, { action: "dispute_resolved" });
    return loadBookingView(outbox.tx, bookingId);
  });
}

/** Booking and payment changes, oldest first: what an admin reads to decide a dispute. */
async function bookingTimeline(bookingId: string) {
  const events = await db().event.findMany({
    where: { type: { in: ["booking:updated", "payment:updated"] }, targets: { some: { target: rooms.booking(bookingId) } } },
    orderBy: { id: "asc" },
    take: 200,
  });
  return events.map((event) => {
    const data = JSON.parse(event.payload) as { action: string; booking?: { status: string }; payment?: { status: string } };
    const status = event.type === "payment:updated" ? data.payment?.status : data.booking?.status;
    return { at: event.createdAt.toISOString(), type: event.type, action: data.action, status: status ?? null };
  });
}

/** Open disputes, oldest first (a queue), each with its booking and timeline. */
export async function listOpenDisputes() {
  const disputes = await db().dispute.findMany({
    where: { resolvedAt: null },
    orderBy: { openedAt: "asc" },
    take: 100,
    include: { booking: { include: bookingInclude } },
  });
  return Promise.all(disputes.map(async ({ booking }) => ({ booking: bookingView(booking), timeline: await bookingTimeline(booking.id) })));
}
