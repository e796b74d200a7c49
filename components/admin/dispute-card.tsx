"use client";

import { useId } from "react";
import { DetailItem } from "@/components/detail-item";
import { StatusBadge } from "@/components/status-badge";
import { utcTime } from "@/components/staff/utc-time";
import type { BookingView } from "@/lib/domain/views";
import { formatMoney } from "@/lib/money";
import { bookingRef } from "./booking-ref";
import { DisputeChat } from "./dispute-chat";
import { DisputeResolution } from "./dispute-resolution";
import { DisputeTimeline } from "./dispute-timeline";
import type { OpenDispute } from "./disputes-queue";

/**
 * One open dispute as the admin decides it: the booking (who, what, how much, when it was
 * completed), the client's reason, the booking's timeline, its chat on request, and the
 * three outcomes.
 */
export function DisputeCard({ dispute: { booking, timeline }, onResolved }: { dispute: OpenDispute; onResolved: (booking: BookingView) => void }) {
  const titleId = useId();
  const { payment, dispute } = booking;
  if (!payment || !dispute) return null; // an open dispute always has both; a newer server may say otherwise
  return (
    <article aria-labelledby={titleId} data-booking-id={booking.id} className="flex flex-col gap-4 rounded-xl border border-orange-200 p-4">
      <header className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1">
        <div className="min-w-0">
          <h3 id={titleId} className="font-medium text-slate-900">
            {booking.serviceTitle} <span className="font-mono text-sm font-normal text-slate-600">{bookingRef(booking.id)}</span>
          </h3>
          <p className="text-sm text-slate-700">
            {booking.clientName} <span className="text-slate-500">with</span> {booking.providerName}
          </p>
        </div>
        <p className="flex items-center gap-2">
          <span className="text-lg font-semibold tabular-nums text-slate-900">{formatMoney(payment.amountCents, payment.currency)}</span>
          <StatusBadge status={payment.status} />
        </p>
      </header>

      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm tabular-nums sm:grid-cols-3">
        <DetailItem term="Completed">{booking.completedAt ? utcTime(booking.completedAt, { withDate: true }) : "Not completed"}</DetailItem>
        <DetailItem term="Disputed">{utcTime(dispute.openedAt, { withDate: true })}</DetailItem>
        <DetailItem term="Scheduled for">{utcTime(booking.scheduledAt, { withDate: true })}</DetailItem>
      </dl>

      <div>
        <h4 className="mb-1 text-sm font-medium text-slate-900">{booking.clientName}’s reason</h4>
        <blockquote className="whitespace-pre-wrap break-words rounded-lg bg-orange-50 px-3 py-2 text-sm text-orange-950">{dispute.reason}</blockquote>
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <details className="group">
          <summary className="cursor-pointer text-sm font-medium text-slate-900">Timeline ({timeline.length} steps)</summary>
          <div className="mt-2">
            <DisputeTimeline steps={timeline} />
          </div>
        </details>
        <DisputeChat booking={booking} />
      </div>

      <DisputeResolution booking={{ ...booking, payment }} onResolved={onResolved} />
    </article>
  );
}
