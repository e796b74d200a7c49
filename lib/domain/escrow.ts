import { authorize } from "../auth/access-policy";
import type { Caller } from "../auth/identity";
import { config } from "../config";
import { db } from "../db/client";
import type { Payment } from "../generated/sqlite/client";
import { logger } from "../logger";
import { recordBookingActivity } from "./activity";
import { lockBooking, type LockedBooking } from "./booking-lock";
import { conflict } from "./errors";
import { settle } from "./payments";
import { SETTLED_PAYMENT_STATUSES } from "./state-machines";
import { transaction } from "./transaction";
import { currentPayment, loadBookingView } from "./views";

/**
 * Card money stays in escrow after the work is done, for DISPUTE_WINDOW_HOURS: the client
 * confirms (released at once) or disputes (an admin decides, lib/domain/disputes.ts);
 * otherwise it is released when the window ends.
 */

/** The booking's payment if it is held in escrow; a 409 saying why not otherwise. */
export function escrowedPayment(booking: LockedBooking): Payment {
  const payment = currentPayment(booking);
  if (payment?.status === "ESCROW") return payment;
  if (payment?.status === "DISPUTED") throw conflict("PAYMENT_DISPUTED", "The payment is disputed; an administrator decides");
  if (payment && SETTLED_PAYMENT_STATUSES.includes(payment.status)) throw conflict("ALREADY_SETTLED", `The payment is already ${payment.status}`);
  throw conflict("NOT_IN_ESCROW", "No payment is held in escrow for this booking");
}

/** The client is happy with the work: escrow is released to the provider now. */
export async function confirmBooking(caller: Caller, bookingId: string) {
  return transaction(async (outbox) => {
    const booking = await lockBooking(outbox.tx, bookingId);
    authorize("booking.confirm", caller, booking);
    if (booking.status !== "COMPLETED") throw conflict("INVALID_TRANSITION", `A ${booking.status} booking cannot be confirmed`);
    await settle(outbox, booking, escrowedPayment(booking), 0);
    await recordBookingActivity(outbox, caller, bookingId, "confirm");
    return loadBookingView(outbox.tx, bookingId);
  });
}

/** Releases escrow whose dispute window has ended; called by the scheduler. Returns how many. */
export async function releaseDueEscrow(now = new Date(), batch = 50): Promise<number> {
  const cutoff = new Date(now.getTime() - config().money.disputeWindowMs);
  const due = await db().payment.findMany({
    where: { status: "ESCROW", booking: { status: "COMPLETED", completedAt: { lte: cutoff } } },
    orderBy: { createdAt: "asc" },
    take: batch,
    select: { bookingId: true },
  });
  let released = 0;
  for (const { bookingId } of due) {
    try {
      await transaction(async (outbox) => {
        const booking = await lockBooking(outbox.tx, bookingId);
        const payment = currentPayment(booking);
        // Confirmed, disputed or paid again since the query: nothing to do.
        if (payment?.status !== "ESCROW" || !booking.completedAt || booking.completedAt > cutoff) return;
        await settle(outbox, booking, payment, 0);
        released++;
      });
    } catch (error) {
      logger().error({ err: error, code: "ESCROW_RELEASE_FAILED", bookingId });
    }
  }
  return released;
}
