"use client";

import { createContext, useCallback, useContext, useMemo, useState } from "react";
import { useRealtimeEvent } from "@/hooks/use-realtime";
import type { BookingView } from "@/lib/domain/views";

type Bookings = {
  /** Newest first. */
  bookings: BookingView[];
  /** Bookings whose hold got the server's `expiring` warning (until a renewal starts a new hold). */
  warnedHolds: ReadonlySet<string>;
  /** Applies a booking from an API answer; an older copy than the one shown is ignored. */
  upsert: (booking: BookingView) => void;
};

const BookingsContext = createContext<Bookings | null>(null);

/**
 * The signed-in client's bookings, shared by the booking forms (which add to them) and the
 * list (which shows them), and kept current by the booking and payment events the server
 * sends to the client, each with the whole booking. API answers and events can arrive in
 * either order; each copy only replaces an older one.
 */
export function BookingsProvider({ initialBookings, children }: { initialBookings: BookingView[]; children: React.ReactNode }) {
  const [bookings, setBookings] = useState(() => sortNewestFirst(initialBookings));
  const [warnedHolds, setWarnedHolds] = useState<ReadonlySet<string>>(() => new Set());

  const upsert = useCallback((booking: BookingView) => setBookings((current) => withBooking(current, booking)), []);

  useRealtimeEvent("booking:updated", ({ action, booking }) => {
    upsert(booking);
    if (action === "expiring" || action === "renewed") {
      setWarnedHolds((current) => {
        const next = new Set(current);
        if (action === "expiring") next.add(booking.id);
        else next.delete(booking.id);
        return next;
      });
    }
  });
  // The booking comes whole: its cancellation terms, dispute and status move with the money.
  useRealtimeEvent("payment:updated", ({ booking }) => upsert(booking));

  const value = useMemo(() => ({ bookings, warnedHolds, upsert }), [bookings, warnedHolds, upsert]);
  return <BookingsContext.Provider value={value}>{children}</BookingsContext.Provider>;
}

export function useBookings(): Bookings {
  const value = useContext(BookingsContext);
  if (!value) throw new Error("useBookings needs a <BookingsProvider> above it");
  return value;
}

/** Equal times count as newer: the steps of one transaction share a millisecond and arrive in order. */
function isNewer(incoming: { updatedAt: string }, current: { updatedAt: string } | null): boolean {
  return !current || Date.parse(incoming.updatedAt) >= Date.parse(current.updatedAt);
}

function withBooking(list: BookingView[], incoming: BookingView): BookingView[] {
  const current = list.find((b) => b.id === incoming.id);
  if (!current) return sortNewestFirst([...list, incoming]);
  // The booking and its payment change separately, so each keeps whichever copy is newer.
  const booking = isNewer(incoming, current) ? incoming : current;
  const payment = incoming.payment && isNewer(incoming.payment, current.payment) ? incoming.payment : current.payment;
  return list.map((b) => (b.id === incoming.id ? { ...booking, payment } : b));
}

function sortNewestFirst(list: BookingView[]): BookingView[] {
  return [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}
