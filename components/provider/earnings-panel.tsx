"use client";

import { Wallet } from "lucide-react";
import { StatusBadge } from "@/components/status-badge";
import { formatMoney } from "@/lib/money";
import { ClippedList } from "./clipped-list";
import { earningsTotals } from "@/lib/domain/earnings-totals";
import { EmptyState } from "./empty-state";
import { formatWhen } from "./format-when";
import { useProviderBoard } from "./provider-board";

/**
 * The provider's money: what has been paid out, what is on its way, what clients' card
 * payments hold in escrow or in a dispute, the fees owed on cash jobs, and each payout.
 * Derived from the live bookings, so every payment and payout event moves the numbers at once.
 */
export function EarningsPanel() {
  const { bookings, currency, platformFeePercent, disputeWindowHours, settledElsewhere } = useProviderBoard();
  const payouts = bookings
    .flatMap((booking) => (booking.payout ? [{ ...booking.payout, booking }] : []))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const totals = earningsTotals(bookings, { feePercent: platformFeePercent, elsewhere: settledElsewhere });
  const money = (cents: number) => formatMoney(cents, currency);

  return (
    <div className="flex flex-col gap-5">
      <dl className="grid grid-cols-2 gap-3">
        <Total term="Paid out" className="col-span-2 bg-emerald-50" size="text-3xl">
          {money(totals.paidOutCents)}
        </Total>
        <Total term="Payout pending" className="bg-slate-50" size="text-lg">
          {money(totals.payoutPendingCents)}
        </Total>
        <Total term="Held in escrow" className="bg-slate-50" size="text-lg">
          {money(totals.heldCents)}
        </Total>
        <Total term="Disputed" className={totals.disputedCents > 0 ? "bg-orange-50" : "bg-slate-50"} size="text-lg">
          {money(totals.disputedCents)}
        </Total>
        <Total term="Cash fees owed" className="bg-slate-50" size="text-lg">
          {money(totals.cashFeesOwedCents)}
        </Total>
      </dl>
      <p className="text-xs text-slate-600">
        Card payments stay in escrow until the client confirms the work, or {disputeWindowHours} h after you complete it unless they dispute it. Each
        payout is the price less the {platformFeePercent}% platform fee; for cash jobs you keep the cash and owe that fee.
      </p>

      <div>
        <h3 className="mb-2 text-sm font-semibold text-slate-900">Payouts</h3>
        {payouts.length === 0 ? (
          <EmptyState Icon={Wallet} title="No payouts yet">
            When a client’s card payment is released to you, its payout appears here.
          </EmptyState>
        ) : (
          <ClippedList items={payouts} limit={5} noun="payouts" label="Payouts" className="divide-y divide-slate-100">
            {(p) => (
              <div data-booking-id={p.bookingId} className="py-2.5 text-sm">
                <div className="flex items-center justify-between gap-3">
                  <span className="font-semibold tabular-nums text-slate-900">{formatMoney(p.amountCents, p.currency)}</span>
                  <StatusBadge status={p.status} />
                </div>
                <p className="truncate text-slate-600">
                  {p.booking.serviceTitle} · {p.booking.clientName}
                </p>
                <p className="text-xs text-slate-500">{formatWhen(p.booking.scheduledAt)}</p>
                {p.failureReason ? <p className="text-xs text-red-700">{p.failureReason}</p> : null}
              </div>
            )}
          </ClippedList>
        )}
      </div>
    </div>
  );
}

function Total({ term, className, size, children }: { term: string; className: string; size: string; children: React.ReactNode }) {
  return (
    <div className={`rounded-xl p-3 ${className}`}>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{term}</dt>
      <dd className={`font-semibold tabular-nums text-slate-900 ${size}`}>{children}</dd>
    </div>
  );
}
