"use client";

import { useEffect, useRef, useState } from "react";
import { LoaderCircle, X } from "lucide-react";
import { BUTTON } from "./button-styles";
import { useBookingAction } from "./use-booking-action";

/**
 * "Cancel booking", asked twice: the first press shows an inline confirmation (focus on the
 * safe choice, Escape keeps the booking), the second cancels. Paid money is refunded by the server.
 */
export function CancelBooking({ bookingId, paid }: { bookingId: string; paid: boolean }) {
  const { pending, run } = useBookingAction();
  const [confirming, setConfirming] = useState(false);
  const keep = useRef<HTMLButtonElement>(null);
  const start = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);

  useEffect(() => {
    if (confirming) keep.current?.focus();
    else if (returnFocus.current) start.current?.focus();
    returnFocus.current = false;
  }, [confirming]);

  function close() {
    returnFocus.current = true;
    setConfirming(false);
  }

  if (!confirming) {
    return (
      <button ref={start} type="button" onClick={() => setConfirming(true)} className={BUTTON.quietDanger}>
        <X aria-hidden className="size-4" />
        Cancel booking
      </button>
    );
  }
  return (
    <div
      role="group"
      aria-label="Confirm cancellation"
      onKeyDown={(e) => e.key === "Escape" && close()}
      className="flex w-full flex-wrap items-center justify-end gap-2 rounded-lg bg-red-50 px-3 py-2 sm:w-auto"
    >
      <p className="mr-auto text-sm text-red-900">Cancel this booking?{paid ? " Your payment will be refunded." : ""}</p>
      <button ref={keep} type="button" onClick={close} className={BUTTON.secondary}>
        Keep it
      </button>
      <button
        type="button"
        disabled={pending !== null}
        onClick={async () => {
          if (await run("cancel", `/api/bookings/${bookingId}/cancel`)) setConfirming(false);
        }}
        className={BUTTON.danger}
      >
        {pending ? <LoaderCircle aria-hidden className="size-4 animate-spin" /> : null}
        Yes, cancel
      </button>
    </div>
  );
}
