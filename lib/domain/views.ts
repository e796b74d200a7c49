import { audienceRooms } from "../auth/access-policy";
import { config } from "../config";
import type { Tx } from "../db/client";
import type { Booking, Dispute, Payment, Payout, Prisma, Service, User } from "../generated/sqlite/client";
import { rooms } from "../realtime/rooms";
import { CANCELLABLE_BOOKING_STATUSES, cancellationTerms, disputeWindowEnd, paidTowardsBooking } from "./money-policy";

/**
 * The public JSON shape of each resource, shared by responses and event payloads so a
 * booking looks the same whether it arrives over HTTP, a socket or catch-up.
 */

export function serviceView(service: Service & { provider?: Pick<User, "name"> }) {
  return {
    id: service.id,
    providerId: service.providerId,
    providerName: service.provider?.name,
    title: service.title,
    description: service.description,
    priceCents: service.priceCents,
    durationMinutes: service.durationMinutes,
    capacity: service.capacity,
    available: service.available,
    active: service.active,
  };
}

export function paymentView(payment: Payment) {
  return {
    id: payment.id,
    bookingId: payment.bookingId,
    method: payment.method,
    status: payment.status,
    amountCents: payment.amountCents,
    refundedCents: payment.refundedCents,
    currency: payment.currency,
    createdAt: payment.createdAt.toISOString(),
    updatedAt: payment.updatedAt.toISOString(),
  };
}

export type PaymentView = ReturnType<typeof paymentView>;

export function payoutView(payout: Payout) {
  return {
    id: payout.id,
    bookingId: payout.bookingId,
    providerId: payout.providerId,
    status: payout.status,
    amountCents: payout.amountCents,
    currency: payout.currency,
    failureReason: payout.failureReason,
    createdAt: payout.createdAt.toISOString(),
    updatedAt: payout.updatedAt.toISOString(),
  };
}

export type PayoutView = ReturnType<typeof payoutView>;

export type BookingWithRelations = Booking & {
  service: Pick<Service, "title">;
  client: Pick<User, "name">;
  provider: Pick<User, "name">;
  /** The newest payment attempt first (bookingInclude loads only that one). */
  payments: Payment[];
  payout?: Payout | null;
  dispute?: Dispute | null;
};

/** Loads what bookingView shows; pass to every booking query. */
export const bookingInclude = {
  service: { select: { title: true } },
  client: { select: { name: true } },
  provider: { select: { name: true } },
  payments: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 1 },
  payout: true,
  dispute: true,
} satisfies Prisma.BookingInclude;

/** A booking's payment: its newest attempt (earlier ones failed, or were refunded before a renewal). */
export function currentPayment(booking: { payments: Payment[] }): Payment | null {
  return booking.payments[0] ?? null;
}

/** What the booking's client would get back by cancelling now (null when they cannot cancel). */
function cancellationView(booking: BookingWithRelations, payment: Payment | null, now: Date) {
  if (!CANCELLABLE_BOOKING_STATUSES.includes(booking.status)) return null;
  const { lateCancelHours, lateCancelFeePercent } = config().money;
  return cancellationTerms(booking, paidTowardsBooking(payment), true, now, { lateCancelHours, lateCancelFeePercent });
}

export function disputeView(dispute: Dispute) {
  return {
    reason: dispute.reason,
    openedAt: dispute.openedAt.toISOString(),
    outcome: dispute.outcome,
    refundCents: dispute.refundCents,
    note: dispute.note,
    resolvedAt: dispute.resolvedAt?.toISOString() ?? null,
  };
}

export function bookingView(booking: BookingWithRelations) {
  const payment = currentPayment(booking);
  return {
    id: booking.id,
    serviceId: booking.serviceId,
    serviceTitle: booking.service.title,
    clientId: booking.clientId,
    clientName: booking.client.name,
    providerId: booking.providerId,
    providerName: booking.provider.name,
    status: booking.status,
    scheduledAt: booking.scheduledAt.toISOString(),
    priceCents: booking.priceCents,
    holdExpiresAt: booking.holdExpiresAt?.toISOString() ?? null,
    completedAt: booking.completedAt?.toISOString() ?? null,
    /** Until when the client may dispute the work; escrow is released then if they have not. */
    disputeWindowEndsAt: booking.completedAt ? disputeWindowEnd(booking.completedAt, config().money.disputeWindowMs).toISOString() : null,
    createdAt: booking.createdAt.toISOString(),
    updatedAt: booking.updatedAt.toISOString(),
    payment: payment ? paymentView(payment) : null,
    payout: booking.payout ? payoutView(booking.payout) : null,
    cancellation: cancellationView(booking, payment, new Date()),
    dispute: booking.dispute ? disputeView(booking.dispute) : null,
  };
}

export type BookingView = ReturnType<typeof bookingView>;

/** A booking as it stands now in this transaction (or outside one, given the client), as the API shows it. */
export async function loadBookingView(tx: Pick<Tx, "booking">, bookingId: string): Promise<BookingView> {
  return bookingView(await tx.booking.findUniqueOrThrow({ where: { id: bookingId }, include: bookingInclude }));
}

/**
 * Where a booking's events go: everyone `booking.read` admits (its parties, admins and staff,
 * lib/auth/access-policy.ts), and the rooms that watch it, whose members that rule admits too.
 */
export function bookingAudience(booking: { id: string; clientId: string; providerId: string }): string[] {
  return [...audienceRooms("booking.read", booking), rooms.booking(booking.id), rooms.provider(booking.providerId)];
}
