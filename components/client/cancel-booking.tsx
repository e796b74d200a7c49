"use client";

import { useEffect, useRef, useState } from "react";
import { LoaderCircle, X } from "lucide-react";
import { api } from "@/lib/api/browser";
import type { BookingView } from "@/lib/domain/views";
import { useBookings } from "./bookings-provider";
import { BUTTON } from "./button-styles";
import { describeCancellation, feeStartsAt, type CancellationTerms } from "./cancellation-terms";
import { LocalTime } from "./local-time";
import { useBookingAction } from "./use-booking-action";

/** What the confirmation shows: the terms being read, the terms, or why they could not be read. */
type Shown = { state: "reading" } | { state: "terms"; terms: CancellationTerms; changed: boolean } | { state: "unreadable"; message: string };

/**
 * "Cancel booking", asked twice: the first press reads the booking again and shows what
 * cancelling refunds right now (focus on the safe choice, Escape keeps the booking); the
 * second cancels, naming the refund it was shown. If the policy now says otherwise (the
 * fee started, a card payment arrived), the server refuses and the new terms are shown
 * to confirm again.
 */
export function CancelBooking({ booking, currency }: { booking: BookingView; currency: string }) {
  const { upsert } = useBookings();
  const { pending, run } = useBookingAction();
  const [shown, setShown] = useState<Shown | null>(null);
  const keep = useRef<HTMLButtonElement>(null);
  const start = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const confirming = shown !== null;
  const changed = shown?.state === "terms" && shown.changed;

  useEffect(() => {
    if (confirming) keep.current?.focus();
    else if (returnFocus.current) start.current?.focus();
    returnFocus.current = false;
  }, [confirming, changed]);

  async function open() {
    setShown({ state: "reading" });
    const fresh = await api<{ booking: BookingView }>(`/api/bookings/${booking.id}`);
    if (!fresh.ok) return setShown({ state: "unreadable", message: fresh.error.message });
    upsert(fresh.booking);
    // No terms: it can no longer be cancelled, and the card drops this button with its new state.
    setShown(fresh.booking.cancellation ? { state: "terms", terms: fresh.booking.cancellation, changed: false } : null);
  }

  function close() {
    returnFocus.current = true;
    setShown(null);
  }

  async function cancel(terms: CancellationTerms) {
    const result = await run("cancel", `/api/bookings/${booking.id}/cancel`, {
      body: { expectedRefundCents: terms.refundCents },
      handles: (error) => error.code === "CANCELLATION_TERMS_CHANGED",
    });
    if (result.ok) setShown(null);
    else if (result.error.code === "CANCELLATION_TERMS_CHANGED") {
      setShown({ state: "terms", terms: result.error.cancellation as CancellationTerms, changed: true });
    }
  }

  if (!shown) {
    return (
      <button ref={start} type="button" onClick={() => void open()} className={BUTTON.quietDanger}>
        <X aria-hidden className="size-4" />
        Cancel booking
      </button>
    );
  }
  const terms = shown.state === "terms" ? shown.terms : null;
  const feeFrom = terms ? feeStartsAt(booking.status, terms, Date.now()) : null;
  const facts = { providerName: booking.providerName, currency: booking.payment?.currency ?? currency, cash: booking.payment?.method === "CASH" };
  return (
    <div
      role="group"
      aria-label="Confirm cancellation"
      onKeyDown={(e) => e.key === "Escape" && close()}
      className="flex w-full flex-col gap-2 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-900"
    >
      <div className="flex flex-col gap-1">
        <p className="font-medium">Cancel this booking?</p>
        {/* Announced when the terms arrive or change: that is what the client decides on. */}
        <div role="status" className="flex flex-col gap-1">
          {shown.state === "reading" ? <p>Checking what cancelling refunds…</p> : null}
          {shown.state === "unreadable" ? <p>Could not check the refund ({shown.message}). Try again in a moment.</p> : null}
          {changed ? <p className="font-semibold">The terms changed since you opened this. Check them again:</p> : null}
          {terms ? <p>{describeCancellation(terms, facts)}</p> : null}
          {feeFrom ? (
            <p>
              Free until <LocalTime iso={feeFrom} />; after that a late-cancellation fee applies.
            </p>
          ) : null}
        </div>
      </div>
      <div className="flex flex-wrap justify-end gap-2">
        <button ref={keep} type="button" onClick={close} className={BUTTON.secondary}>
          Keep it
        </button>
        <button type="button" disabled={pending !== null || !terms} onClick={() => terms && void cancel(terms)} className={BUTTON.danger}>
          {pending ? <LoaderCircle aria-hidden className="size-4 animate-spin" /> : null}
          Yes, cancel
        </button>
      </div>
    </div>
  );
}
