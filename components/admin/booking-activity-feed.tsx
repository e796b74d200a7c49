"use client";

import { useState } from "react";
import {
  AlarmClock,
  Ban,
  CalendarCheck,
  CalendarPlus,
  CalendarX,
  CircleCheck,
  CircleSlash,
  Hourglass,
  Play,
  RefreshCw,
  type LucideIcon,
} from "lucide-react";
import { StatusBadge } from "@/components/status-badge";
import { utcTime } from "@/components/staff/utc-time";
import { useRealtimeEvent, useRoom } from "@/hooks/use-realtime";
import type { BookingActivity } from "@/lib/domain/booking-activity";
import type { BookingEventAction } from "@/lib/domain/state-machines";
import type { BookingView } from "@/lib/domain/views";
import { bookingRef } from "./booking-ref";

/**
 * Every booking change on the platform as it happens (`booking:updated` in the `admin`
 * room), newest first, at most `limit` of them; starts from the latest ones on record.
 */
export function BookingActivityFeed({ initial, limit }: { initial: BookingActivity[]; limit: number }) {
  const [items, setItems] = useState(initial);
  useRoom("admin");
  useRealtimeEvent("booking:updated", (_, envelope) =>
    setItems((current) => [envelope, ...current.filter((item) => item.eventId !== envelope.eventId)].slice(0, limit)),
  );

  if (items.length === 0) {
    return <p className="text-sm text-slate-600">No booking activity yet. Requests, confirmations and cancellations appear here the moment they happen.</p>;
  }
  return (
    // A capped height: a busy platform scrolls inside the feed instead of pushing the page
    // down. Focusable, so the keyboard can scroll it too.
    <ol role="log" tabIndex={0} aria-label="Booking activity, newest first" className="max-h-96 divide-y divide-slate-100 overflow-y-auto rounded-lg pr-1">
      {items.map(({ eventId, ts, data: { action, booking } }) => {
        const { Icon, tone, text } = describe(action, booking);
        return (
          <li key={eventId ?? `${booking.id}-${ts}`} className="flex gap-3 py-2.5 text-sm">
            <span aria-hidden className={`mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-full ${tone}`}>
              <Icon className="size-3.5" />
            </span>
            <div className="min-w-0 flex-1">
              <p className="text-slate-700">{text}</p>
              <p className="mt-0.5 flex flex-wrap items-center gap-x-2 text-xs text-slate-600">
                <time dateTime={ts} title={utcTime(ts, { withDate: true })} className="tabular-nums">
                  {utcTime(ts)}
                </time>
                <span className="font-mono">{bookingRef(booking.id)}</span>
                <StatusBadge status={booking.status} />
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}

const TONE = {
  new: "bg-indigo-50 text-indigo-700",
  good: "bg-emerald-50 text-emerald-700",
  warn: "bg-amber-50 text-amber-800",
  ended: "bg-slate-100 text-slate-600",
  bad: "bg-red-50 text-red-700",
};

/** Who did what to which booking, in words. */
function describe(action: BookingEventAction, b: BookingView): { Icon: LucideIcon; tone: string; text: React.ReactNode } {
  const client = <strong className="font-medium text-slate-900">{b.clientName}</strong>;
  const provider = <strong className="font-medium text-slate-900">{b.providerName}</strong>;
  const service = <strong className="font-medium text-slate-900">{b.serviceTitle}</strong>;
  switch (action) {
    case "created":
      return { Icon: CalendarPlus, tone: TONE.new, text: <>{client} requested {service} from {provider}</> };
    case "accepted":
      return { Icon: CalendarCheck, tone: TONE.good, text: <>{provider} accepted {client}’s {service}</> };
    case "rejected":
      return { Icon: CalendarX, tone: TONE.bad, text: <>{provider} turned down {client}’s {service}</> };
    case "started":
      return { Icon: Play, tone: TONE.good, text: <>{provider} started {service} for {client}</> };
    case "completed":
      return { Icon: CircleCheck, tone: TONE.good, text: <>{provider} completed {service} for {client}</> };
    case "cancelled":
      return { Icon: CircleSlash, tone: TONE.ended, text: <>{client}’s {service} with {provider} was cancelled</> };
    case "expired":
      return { Icon: Hourglass, tone: TONE.ended, text: <>{client}’s hold on {service} ran out before {provider} answered</> };
    case "declined":
      return { Icon: Ban, tone: TONE.bad, text: <>An admin declined {client}’s {service} with {provider}</> };
    case "renewed":
      return { Icon: RefreshCw, tone: TONE.new, text: <>{client} renewed the hold on {service} from {provider}</> };
    case "expiring":
      return { Icon: AlarmClock, tone: TONE.warn, text: <>{client}’s hold on {service} runs out soon; {provider} has not answered</> };
  }
}
