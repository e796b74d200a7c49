import { db, inSlices } from "../db/client";
import { config } from "../config";
import { earningsTotals, type SettledElsewhere } from "./earnings-totals";
import { ACCOUNTS } from "./ledger";
import { bookingInclude, bookingView, type BookingView } from "./views";

/**
 * What a provider's earnings panel starts from. Every booking whose money can still move
 * is on the page: payouts on their way, card money held or disputed, plus the latest
 * payouts. Everything else is settled for good (a payout COMPLETED or FAILED, cash settled),
 * so its part of the totals is one fixed sum, `elsewhere`: the provider's whole paid-out
 * money and cash fees owed (the ledger's), less what the page's own bookings count. A page
 * then keeps its totals current from live events alone.
 *
 * @param shown the bookings the page shows anyway (its lists of requests and work)
 */
export async function providerEarnings(providerId: string, shown: BookingView[], recentLimit = 20) {
  const [inFlight, recent, held] = await Promise.all([
    db().payout.findMany({ where: { providerId, status: { in: ["PENDING", "PROCESSING"] } }, select: { bookingId: true } }),
    db().payout.findMany({ where: { providerId }, orderBy: { createdAt: "desc" }, take: recentLimit, select: { bookingId: true } }),
    db().payment.findMany({ where: { status: { in: ["ESCROW", "DISPUTED"] }, booking: { providerId } }, select: { bookingId: true } }),
  ]);
  const shownIds = new Set(shown.map((b) => b.id));
  const missing = [...new Set([...inFlight, ...recent, ...held].map((row) => row.bookingId))].filter((id) => !shownIds.has(id));
  const [rows, paidOut, feesOwed] = await Promise.all([
    inSlices(missing, (slice) => db().booking.findMany({ where: { id: { in: slice } }, include: bookingInclude })).then((pages) => pages.flat()),
    db().payout.aggregate({ where: { providerId, status: "COMPLETED" }, _sum: { amountCents: true } }),
    db().$queryRaw<{ cents: number | bigint | null }[]>`
      SELECT SUM(l."amountCents") AS "cents" FROM "LedgerLine" l JOIN "Booking" b ON b."id" = l."bookingId"
      WHERE b."providerId" = ${providerId} AND l."account" = ${ACCOUNTS.feesReceivable}`,
  ]);
  const bookings = rows.map(bookingView);
  const onPage = earningsTotals([...new Map([...shown, ...bookings].map((b) => [b.id, b])).values()], { feePercent: config().platformFeePercent });
  const elsewhere: SettledElsewhere = {
    paidOutCents: (paidOut._sum.amountCents ?? 0) - onPage.paidOutCents,
    cashFeesOwedCents: Number(feesOwed[0]?.cents ?? 0) - onPage.cashFeesOwedCents,
  };
  return { bookings, elsewhere };
}
