import { authorize } from "../auth/access-policy";
import type { Caller } from "../auth/identity";
import { config } from "../config";
import { db, type Tx } from "../db/client";
import { recordBookingActivity } from "./activity";
import { recordAudit } from "./audit";
import { releaseUnit, takeUnit } from "./availability";
import { conflict, forbidden, notFound } from "./errors";
import { bookingNotices } from "./notices";
import { lockBooking } from "./booking-lock";
import { closingTerms, settleClosedBooking, settleCompletedCash } from "./payments";
import { BOOKING_TRANSITIONS, bookingTransition, OPEN_BOOKING_STATUSES, type BookingAction, type BookingEventAction } from "./state-machines";
import { transaction, type Outbox } from "./transaction";
import { bookingAudience, bookingInclude, bookingView, loadBookingView, type BookingView } from "./views";

/** Who asks for a transition: a signed-in person, or the scheduler acting on its own. */
export type Actor = Caller | "system";

/**
 * Loads a booking for a caller, or throws NOT_FOUND/FORBIDDEN (`booking.read`: the two parties, admins
 * and staff).
 */
export async function getBooking(caller: Caller, bookingId: string): Promise<BookingView> {
  const booking = await db().booking.findUnique({ where: { id: bookingId }, include: bookingInclude });
  if (!booking) throw notFound("Booking");
  authorize("booking.read", caller, booking);
  return bookingView(booking);
}

/** The caller's own bookings, newest first: as client, as provider, or all for admin/staff. */
export async function listBookings(caller: Caller, query: { status?: BookingView["status"]; limit: number }) {
  const own =
    caller.role === "CLIENT"
      ? { clientId: caller.id }
      : caller.role === "PROVIDER"
        ? { providerId: caller.id }
        : {};
  const bookings = await db().booking.findMany({
    where: { ...own, ...(query.status ? { status: query.status } : {}) },
    orderBy: { createdAt: "desc" },
    take: query.limit,
    include: bookingInclude,
  });
  return bookings.map(bookingView);
}

/**
 * Emits booking:updated to both parties and the booking's room, with the notices it
 * causes. `actorId`, when a person acted, tells the notices who did it.
 */
export async function announceBooking(outbox: Outbox, action: BookingEventAction, bookingId: string, reason?: string, actorId?: string) {
  const booking = bookingView(await outbox.tx.booking.findUniqueOrThrow({ where: { id: bookingId }, include: bookingInclude }));
  outbox.event("booking:updated", { action, booking }, bookingAudience(booking));
  const by = actorId === booking.clientId ? "client" : actorId === booking.providerId ? "provider" : undefined;
  for (const { to, ...notice } of bookingNotices(action, booking, reason, by)) {
    await outbox.notify(to === "client" ? booking.clientId : booking.providerId, notice);
  }
  return booking;
}

function holdUntil(now = Date.now()): Date {
  return new Date(now + config().holdMs);
}

/**
 * A client may hold at most MAX_OPEN_BOOKINGS_PER_CLIENT open bookings, or one client could
 * hold every free unit (book, let it expire, renew). On PostgreSQL the client's row is
 * locked first, so two bookings sent together are counted one after the other. NO KEY
 * UPDATE, not UPDATE: rows written for the client elsewhere (a notification of a
 * cancellation that holds the service's row) take a key-share lock on it, and must not
 * wait for this one while it waits for them.
 */
async function assertRoomForAnotherBooking(tx: Tx, clientId: string): Promise<void> {
  if (config().databaseProvider === "postgres") await tx.$executeRaw`SELECT 1 FROM "User" WHERE "id" = ${clientId} FOR NO KEY UPDATE`;
  const open = await tx.booking.count({ where: { clientId, status: { in: [...OPEN_BOOKING_STATUSES] } } });
  const max = config().maxOpenBookingsPerClient;
  if (open >= max) throw conflict("TOO_MANY_OPEN_BOOKINGS", `You have ${open} open bookings, the most one client may hold (${max}); cancel one or wait for one to finish`);
}

/** A client books one unit of a service; the booking is PENDING with a hold. */
export async function createBooking(caller: Caller, input: { serviceId: string; scheduledAt: Date }) {
  return transaction(async (outbox) => {
    const service = await outbox.tx.service.findUnique({ where: { id: input.serviceId } });
    if (!service || !service.active) throw notFound("Service");
    await assertRoomForAnotherBooking(outbox.tx, caller.id);
    await takeUnit(outbox, service.id, caller.id);
    const booking = await outbox.tx.booking.create({
      data: {
        serviceId: service.id,
        clientId: caller.id,
        providerId: service.providerId,
        scheduledAt: input.scheduledAt,
        priceCents: service.priceCents,
        holdExpiresAt: holdUntil(),
      },
    });
    await recordBookingActivity(outbox, caller, booking.id, "book");
    return announceBooking(outbox, "created", booking.id);
  });
}

/** The scheduler may only expire holds; people act by the access policy (`booking.<action>`). */
function authorizeTransition(actor: Actor, action: BookingAction, booking: { clientId: string; providerId: string }): void {
  if (actor === "system") {
    if (action !== "expire") throw forbidden(`The scheduler may not ${action} a booking`);
    return;
  }
  if (action === "expire") throw forbidden("Only the scheduler expires holds");
  authorize(`booking.${action}`, actor, booking);
}

export type TransitionOptions = {
  /** An administrator's reason for declining, told to both parties. */
  reason?: string;
  /** A cancelling client's expectation of the refund they were shown; a conflict if it changed since. */
  expectedRefundCents?: number;
};

/**
 * The one function behind every booking transition (REST routes, the scheduler and the
 * socket handlers all call it): locks the booking, checks who asks and the state machine,
 * writes the new state, moves availability and settles money as the transition says, and
 * records the event, the notifications and (a person's action) the user activity, all in
 * one transaction.
 */
export async function transitionBooking(actor: Actor, bookingId: string, action: BookingAction, options: TransitionOptions = {}) {
  return transaction(async (outbox) => {
    const { tx } = outbox;
    const booking = await lockBooking(tx, bookingId);
    authorizeTransition(actor, action, booking);
    const transition = bookingTransition(action, booking.status);
    if (!transition) {
      const done = BOOKING_TRANSITIONS[action].event;
      throw conflict("INVALID_TRANSITION", `A ${booking.status} booking cannot be ${done}`);
    }
    const byClient = actor !== "system" && actor.id === booking.clientId && action === "cancel";
    const terms = transition.refunds ? closingTerms(booking, byClient) : null;
    if (options.expectedRefundCents !== undefined && terms && terms.refundCents !== options.expectedRefundCents) {
      throw conflict("CANCELLATION_TERMS_CHANGED", "The refund for cancelling has changed since you looked; check it again", { cancellation: terms });
    }
    if (transition.takesUnit) {
      await assertRoomForAnotherBooking(tx, booking.clientId);
      await takeUnit(outbox, booking.serviceId, booking.clientId);
    }
    const reopensHold = transition.to === "PENDING";
    await tx.booking.update({
      where: { id: booking.id },
      data: {
        status: transition.to,
        holdExpiresAt: reopensHold ? holdUntil() : null,
        holdWarnedAt: null,
        ...(action === "complete" ? { completedAt: new Date() } : {}),
      },
    });
    if (transition.freesUnit) await releaseUnit(outbox, booking.serviceId);
    if (terms) await settleClosedBooking(outbox, booking, terms);
    if (action === "complete") await settleCompletedCash(outbox, booking);
    if (actor !== "system" && action === "decline") {
      await recordAudit(outbox, actor, "booking.decline", "Booking", booking.id, { from: booking.status, reason: options.reason ?? null });
    }
    if (actor !== "system" && action !== "expire") await recordBookingActivity(outbox, actor, booking.id, action);
    await announceBooking(outbox, transition.event, booking.id, options.reason, actor === "system" ? undefined : actor.id);
    return loadBookingView(tx, booking.id);
  });
}

/**
 * Sends the `expiring` warning for a PENDING booking whose hold runs out soon. Idempotent:
 * the conditional update lets exactly one caller (of any node) send it.
 */
export async function warnExpiringHold(bookingId: string) {
  return transaction(async (outbox) => {
    const { count } = await outbox.tx.booking.updateMany({
      where: { id: bookingId, status: "PENDING", holdWarnedAt: null },
      data: { holdWarnedAt: new Date() },
    });
    if (count === 0) return null;
    return announceBooking(outbox, "expiring", bookingId);
  });
}
