import { db } from "../db/client";
import { bookingInclude, bookingView } from "./views";

/**
 * What a provider's earnings panel starts from: the bookings behind every payout still on
 * its way and behind the latest ones, and the sum of every other payout already paid out.
 * Payouts left out are finished (COMPLETED or FAILED) and never change again, so a page
 * can keep its totals current from `payout:updated` events alone.
 */
export async function providerEarnings(providerId: string, recentLimit = 20) {
  const [inFlight, recent] = await Promise.all([
    db().payout.findMany({ where: { providerId, status: { in: ["PENDING", "PROCESSING"] } }, select: { id: true, bookingId: true } }),
    db().payout.findMany({ where: { providerId }, orderBy: { createdAt: "desc" }, take: recentLimit, select: { id: true, bookingId: true } }),
  ]);
  const listed = [...inFlight, ...recent];
  const [bookings, paidOutElsewhere] = await Promise.all([
    db().booking.findMany({ where: { id: { in: listed.map((p) => p.bookingId) } }, include: bookingInclude }),
    db().payout.aggregate({
      where: { providerId, status: "COMPLETED", id: { notIn: listed.map((p) => p.id) } },
      _sum: { amountCents: true },
    }),
  ]);
  return { bookings: bookings.map(bookingView), earlierPaidOutCents: paidOutElsewhere._sum.amountCents ?? 0 };
}
