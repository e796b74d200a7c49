"use client";

import { CalendarDays } from "lucide-react";
import { useBookings } from "./bookings-provider";
import { BookingCard } from "./booking-card";

/** The client's bookings, newest first, each live. */
export function MyBookings({ meId, currency, holdWarningMs }: { meId: string; currency: string; holdWarningMs: number }) {
  const { bookings, warnedHolds } = useBookings();
  if (bookings.length === 0) {
    return (
      <div className="flex flex-col items-center gap-2 rounded-xl border border-dashed border-slate-300 px-4 py-10 text-center">
        <CalendarDays aria-hidden className="size-6 text-slate-400" />
        <p className="font-medium text-slate-900">No bookings yet</p>
        <p className="text-sm text-slate-600">Pick a service and a time above. Your request shows up here at once.</p>
      </div>
    );
  }
  return (
    <ol aria-label="My bookings" className="flex flex-col gap-4">
      {bookings.map((booking) => (
        <BookingCard
          key={booking.id}
          booking={booking}
          meId={meId}
          currency={currency}
          holdWarned={warnedHolds.has(booking.id)}
          holdWarningMs={holdWarningMs}
        />
      ))}
    </ol>
  );
}
