import type { Booking, Payment, Payout, Service, User } from "../generated/sqlite/client";

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
    currency: payment.currency,
    createdAt: payment.createdAt.toISOString(),
    updatedAt: payment.updatedAt.toISOString(),
  };
}

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

export type BookingWithRelations = Booking & {
  service: Pick<Service, "title">;
  client: Pick<User, "name">;
  provider: Pick<User, "name">;
  payment?: Payment | null;
  payout?: Payout | null;
};

/** Loads what bookingView shows; pass to every booking query. */
export const bookingInclude = {
  service: { select: { title: true } },
  client: { select: { name: true } },
  provider: { select: { name: true } },
  payment: true,
  payout: true,
} as const;

export function bookingView(booking: BookingWithRelations) {
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
    createdAt: booking.createdAt.toISOString(),
    updatedAt: booking.updatedAt.toISOString(),
    payment: booking.payment ? paymentView(booking.payment) : null,
    payout: booking.payout ? payoutView(booking.payout) : null,
  };
}

export type BookingView = ReturnType<typeof bookingView>;
