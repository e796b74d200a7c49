"use client";

import { useEffect, useId, useRef, useState } from "react";
import { CalendarDays, LoaderCircle, MessageCircle, RotateCcw } from "lucide-react";
import { BookingChat } from "@/components/booking-chat";
import { DisclosureButton } from "@/components/disclosure-button";
import { DisputeNote } from "@/components/dispute-note";
import { StatusBadge } from "@/components/status-badge";
import type { BookingView } from "@/lib/domain/views";
import { BUTTON } from "./button-styles";
import { CancelBooking } from "./cancel-booking";
import { EscrowDecision } from "./escrow-decision";
import { HoldCountdown } from "./hold-countdown";
import { LocalTime } from "./local-time";
import { PaymentPanel } from "./payment-panel";
import { useBookingAction } from "./use-booking-action";

const CANCELLABLE: readonly string[] = ["PENDING", "CONFIRMED"];

/** One line about where the booking stands, for every state but PENDING (which shows its hold). */
function statusNote(b: BookingView): string | null {
  switch (b.status) {
    case "PENDING":
      return null;
    case "CONFIRMED":
      return `${b.providerName} accepted. See you then.`;
    case "IN_PROGRESS":
      return `${b.providerName} has started the work.`;
    case "COMPLETED":
      return "Done.";
    case "REJECTED":
      return `${b.providerName} cannot take this booking.`;
    case "CANCELLED":
      return "This booking was cancelled.";
    case "DECLINED":
      return "Switchboard declined this booking.";
    case "EXPIRED":
      return `The hold ran out before ${b.providerName} accepted. Renew to ask again.`;
  }
}

/**
 * One of the client's bookings, as it stands now: status, the hold's countdown while
 * PENDING, payment and any dispute, what the client can do next (pay, renew, cancel,
 * confirm or dispute finished work) and the chat with the provider. `id="booking-<id>"`
 * lets notifications link here.
 */
export function BookingCard({
  booking,
  meId,
  currency,
  holdWarned,
  holdWarningMs,
}: {
  booking: BookingView;
  meId: string;
  currency: string;
  holdWarned: boolean;
  holdWarningMs: number;
}) {
  const { pending, run } = useBookingAction();
  const [chatOpen, setChatOpen] = useState(false);
  const chatId = useId();
  const titleId = useId();
  const note = statusNote(booking);
  const { payment, dispute } = booking;
  // After the client confirms or disputes, the focus goes to what became of the money.
  const money = useRef<HTMLDivElement>(null);
  const [focusMoney, setFocusMoney] = useState(false);
  useEffect(() => {
    if (!focusMoney) return;
    money.current?.focus();
    setFocusMoney(false);
  }, [focusMoney]);
  return (
    <li id={`booking-${booking.id}`} aria-labelledby={titleId} className="flex min-w-0 flex-col gap-3 rounded-xl border border-slate-200 p-4">
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 id={titleId} className="font-medium text-slate-900">
            {booking.serviceTitle}
          </h3>
          <p className="text-sm text-slate-600">with {booking.providerName}</p>
          <p className="mt-1 flex items-center gap-1.5 text-sm text-slate-700">
            <CalendarDays aria-hidden className="size-4 shrink-0 text-slate-500" />
            <LocalTime iso={booking.scheduledAt} />
          </p>
        </div>
        <p className="shrink-0">
          <span className="sr-only">Status: </span>
          <StatusBadge status={booking.status} />
        </p>
      </div>

      {booking.status === "PENDING" && booking.holdExpiresAt ? (
        <HoldCountdown holdExpiresAt={booking.holdExpiresAt} warned={holdWarned} warningMs={holdWarningMs} providerName={booking.providerName} />
      ) : null}
      {note ? <p className="text-sm text-slate-700">{note}</p> : null}

      <div ref={money} tabIndex={-1} className="flex flex-col gap-3 rounded-lg focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600/40">
        <PaymentPanel booking={booking} currency={currency} />
        {payment && dispute ? (
          <DisputeNote
            dispute={dispute}
            amountCents={payment.amountCents}
            currency={payment.currency}
            names={{ client: "you", provider: booking.providerName }}
            when={(iso) => <LocalTime iso={iso} />}
          />
        ) : null}
      </div>
      {booking.status === "COMPLETED" && payment?.status === "ESCROW" ? (
        <EscrowDecision booking={{ ...booking, payment }} onDecided={() => setFocusMoney(true)} />
      ) : null}

      <div className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-100 pt-3">
        <DisclosureButton open={chatOpen} controls={chatId} onToggle={() => setChatOpen((open) => !open)} Icon={MessageCircle} className={BUTTON.quiet}>
          Chat<span className="sr-only"> with {booking.providerName}</span>
        </DisclosureButton>
        {/* The cancel confirmation takes a row of its own, under the chat button. */}
        <div className="flex flex-wrap justify-end gap-2 has-[[role=group]]:basis-full">
          {booking.status === "EXPIRED" ? (
            <button
              type="button"
              disabled={pending !== null}
              onClick={() => void run("renew", `/api/bookings/${booking.id}/renew`, { messages: { NO_AVAILABILITY: "No open slots right now" } })}
              className={BUTTON.primary}
            >
              {pending === "renew" ? <LoaderCircle aria-hidden className="size-4 animate-spin" /> : <RotateCcw aria-hidden className="size-4" />}
              Renew
            </button>
          ) : null}
          {CANCELLABLE.includes(booking.status) ? (
            <CancelBooking booking={booking} currency={currency} />
          ) : null}
        </div>
      </div>

      {/* Mounted only while open: the chat joins the booking's room and loads its history. */}
      <div id={chatId} hidden={!chatOpen} className="rounded-lg bg-slate-50 p-3">
        {chatOpen ? <BookingChat bookingId={booking.id} meId={meId} counterpart={{ id: booking.providerId, name: booking.providerName }} /> : null}
      </div>
    </li>
  );
}
