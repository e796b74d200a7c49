"use client";

import { useCallback, useRef, useState } from "react";
import { useRealtimeEvent } from "@/hooks/use-realtime";
import { api } from "@/lib/api/browser";
import type { BookingView } from "@/lib/domain/views";
import { mergeBooking } from "./merge-booking";

type PayoutView = NonNullable<BookingView["payout"]>;

/**
 * A provider's bookings, kept current by the realtime events addressed to them: new and
 * changed bookings (`booking:updated`), their payments (which carry the booking) and their
 * payouts. Requests that arrive while the page is open stay marked fresh until they stop
 * being requests.
 */
export function useBookingFeed(initial: BookingView[], onNewRequest: (booking: BookingView) => void) {
  const [byId, setById] = useState(() => {
    const start: Record<string, BookingView> = {};
    for (const booking of initial) start[booking.id] = mergeBooking(start[booking.id], booking);
    return start;
  });
  const [freshIds, setFreshIds] = useState<ReadonlySet<string>>(() => new Set());
  const known = useRef(byId);
  known.current = byId;

  const upsert = useCallback((booking: BookingView) => {
    setById((current) => ({ ...current, [booking.id]: mergeBooking(current[booking.id], booking) }));
    if (booking.status !== "PENDING") setFreshIds((ids) => without(ids, booking.id));
  }, []);

  /** Puts a payout on its booking; a booking this page never loaded is fetched whole. */
  async function attachPayout(payout: PayoutView) {
    if (!known.current[payout.bookingId]) {
      const answer = await api<{ booking: BookingView }>(`/api/bookings/${payout.bookingId}`);
      if (answer.ok) upsert(answer.booking);
      return;
    }
    setById((current) => {
      const booking = current[payout.bookingId];
      return booking ? { ...current, [payout.bookingId]: mergeBooking(booking, { ...booking, payout }) } : current;
    });
  }

  useRealtimeEvent("booking:updated", ({ action, booking }) => {
    upsert(booking);
    if (action === "created" || action === "renewed") {
      setFreshIds((ids) => new Set(ids).add(booking.id));
      onNewRequest(booking);
    }
  });
  // A payment's step carries its whole booking (the dispute, the payout it created).
  useRealtimeEvent("payment:updated", ({ booking }) => upsert(booking));
  useRealtimeEvent("payout:updated", ({ payout }) => void attachPayout(payout));

  return { bookings: Object.values(byId), freshIds, upsert };
}

function without(ids: ReadonlySet<string>, id: string): ReadonlySet<string> {
  if (!ids.has(id)) return ids;
  const next = new Set(ids);
  next.delete(id);
  return next;
}
