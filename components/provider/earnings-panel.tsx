"use client";

import { Wallet } from "lucide-react";
import { StatusBadge } from "@/components/status-badge";
import { formatMoney } from "@/lib/money";
import { ClippedList } from "./clipped-list";
import { EmptyState } from "./empty-state";
import { formatWhen } from "./format-when";
import { useProviderBoard } from "./provider-board";

/**
 * The provider's money: what has been paid out, what is on its way, what clients' payments
 * hold in escrow until the work is done, and each payout. Derived from the live bookings,
 * so every payment and payout event moves the numbers at once.
 */
export function EarningsPanel() {
  const { bookings, currency, platformFeePercent, earlierPaidOutCents } = useProviderBoard();
  const payouts = bookings
    .flatMap((booking) => (booking.payout ? [{ ...booking.payout, booking }] : []))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const sum = (cents: number[]) => cents.reduce((total, n) => total + n, 0);
  const paidOut = earlierPaidOutCents + sum(payouts.filter((p) => p.status === "COMPLETED").map((p) => p.amountCents));
  const processing = sum(payouts.filter((p) => p.status === "PENDING" || p.status === "PROCESSING").map((p) => p.amountCents));
  const inEscrow = sum(bookings.flatMap((b) => (b.payment?.status === "ESCROW" ? [b.payment.amountCents] : [])));
  const money = (cents: number) => formatMoney(cents, currency);

  return (
    <div className="flex flex-col gap-5">
      <dl className="grid grid-cols-2 gap-3">
        <Total term="Paid out" className="col-span-2 bg-emerald-50" size="text-3xl">
          {money(paidOut)}
        </Total>
        <Total term="Processing" className="bg-slate-50" size="text-lg">
          {money(processing)}
        </Total>
        <Total term="In escrow" className="bg-slate-50" size="text-lg">
          {money(inEscrow)}
        </Total>
      </dl>
      <p className="text-xs text-slate-600">
        Escrow is released when you complete the work; each payout is the price less the {platformFeePercent}% platform fee.
      </p>

      <div>
        <h3 className="mb-2 text-sm font-semibold text-slate-900">Payouts</h3>
        {payouts.length === 0 ? (
          <EmptyState Icon={Wallet} title="No payouts yet">
            Complete a paid booking and its payout appears here.
          </EmptyState>
        ) : (
          <ClippedList items={payouts} limit={5} noun="payouts" label="Payouts" className="divide-y divide-slate-100">
            {(p) => (
              <div data-booking-id={p.bookingId} className="py-2.5 text-sm">
                <div className="flex items-center justify-between gap-3">
                  <span className="font-semibold tabular-nums text-slate-900">{money(p.amountCents)}</span>
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
