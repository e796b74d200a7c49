"use client";

import { ArrowDown } from "lucide-react";
import { OPEN_BOOKING_STATUSES } from "@/lib/domain/state-machines";
import { useBookings } from "./bookings-provider";

/**
 * On a phone the catalogue comes first and pushes the client's bookings far down: a link
 * to them at the top, with how many are still open (a hold may be running out).
 */
export function MyBookingsJump({ target }: { target: string }) {
  const open = useBookings().bookings.filter((booking) => OPEN_BOOKING_STATUSES.includes(booking.status)).length;
  if (open === 0) return null;
  return (
    <a
      href={`#${target}`}
      className="mb-4 flex items-center justify-between rounded-xl border border-indigo-200 bg-indigo-50 px-4 py-3 text-sm font-medium text-indigo-900 sm:hidden"
    >
      My bookings: {open} open
      <ArrowDown aria-hidden className="size-4" />
    </a>
  );
}
