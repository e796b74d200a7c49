"use client";

import { useEffect, useId, useRef, useState } from "react";
import { CircleCheckBig, LoaderCircle, Scale } from "lucide-react";
import type { BookingView } from "@/lib/domain/views";
import { formatMoney } from "@/lib/money";
import { BUTTON } from "./button-styles";
import { DisputeForm } from "./dispute-form";
import { LocalTime } from "./local-time";
import { useBookingAction } from "./use-booking-action";

/**
 * After completed work paid by card, the money waits in escrow for the client: "Confirm and
 * release" pays the provider now; "Open a dispute" asks an administrator to decide. Until
 * `disputeWindowEndsAt`; then it is released without them. `onDecided` after either worked
 * (this panel then goes, so the card moves the focus to what happened to the money).
 */
export function EscrowDecision({ booking, onDecided }: { booking: BookingView & { payment: NonNullable<BookingView["payment"]> }; onDecided: () => void }) {
  const { pending, run } = useBookingAction();
  const [disputing, setDisputing] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const textId = useId();
  const amount = formatMoney(booking.payment.amountCents, booking.payment.currency);

  useEffect(() => {
    if (!disputing && returnFocus.current) opener.current?.focus();
    returnFocus.current = false;
  }, [disputing]);

  async function confirm() {
    if ((await run("confirm", `/api/bookings/${booking.id}/confirm`)).ok) onDecided();
  }

  return (
    <div role="group" aria-labelledby={textId} className="flex flex-col gap-3 rounded-lg bg-indigo-50 px-3 py-3 text-sm text-indigo-950">
      <div id={textId} className="space-y-1">
        <p className="font-medium">Happy with the work?</p>
        <p>Confirm to release {amount} to {booking.providerName}, or open a dispute if something went wrong.</p>
        {booking.disputeWindowEndsAt ? (
          <p>
            You can dispute until <LocalTime iso={booking.disputeWindowEndsAt} />; after that the money is released on its own.
          </p>
        ) : null}
      </div>
      {disputing ? (
        <DisputeForm
          bookingId={booking.id}
          onOpened={onDecided}
          onClose={() => {
            returnFocus.current = true;
            setDisputing(false);
          }}
        />
      ) : (
        <div className="flex flex-wrap gap-2">
          <button type="button" disabled={pending !== null} onClick={() => void confirm()} className={BUTTON.primary}>
            {pending === "confirm" ? <LoaderCircle aria-hidden className="size-4 animate-spin" /> : <CircleCheckBig aria-hidden className="size-4" />}
            Confirm and release
          </button>
          <button ref={opener} type="button" disabled={pending !== null} onClick={() => setDisputing(true)} className={BUTTON.secondary}>
            <Scale aria-hidden className="size-4" />
            Open a dispute
          </button>
        </div>
      )}
    </div>
  );
}
