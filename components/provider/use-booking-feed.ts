"use client";

import { useCallback, useRef, useState } from "react";
import { useRealtimeEvent } from "@/hooks/use-realtime";
import { api } from "@/lib/api/browser";
import type { BookingEventAction } from "@/lib/domain/state-machines";
import type { BookingView } from "@/lib/domain/views";
import { mergeBooking } from "./merge-booking";

export type PaymentView = NonNullable<BookingView["payment"]>;
export type PayoutView = NonNullable<BookingView["payout"]>;

/**
 * A provider's bookings, kept current by the realtime events addressed to them: new and
 * changed bookings (`booking:updated`), their payments and their payouts. Requests that
 * arrive while the page is open stay marked fresh until they stop being requests.
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

  /** Puts a payment or payout on its booking; a booking this page never loaded is fetched whole. */
  async function attach(bookingId: string, patch: Pick<BookingView, "payment"> | Pick<BookingView, "payout">) {
    if (!known.current[bookingId]) {
      const answer = await api<{ booking: BookingView }>(`/api/bookings/${bookingId}`);
      if (answer.ok) upsert(answer.booking);
      return;
    }
    setById((current) => {
      const booking = current[bookingId];
      return booking ? { ...current, [bookingId]: mergeBooking(booking, { ...booking, ...patch }) } : current;
    });
  }

  useRealtimeEvent<{ action: BookingEventAction; booking: BookingView }>("booking:updated", ({ action, booking }) => {
    upsert(booking);
    if (action === "created" || action === "renewed") {
      setFreshIds((ids) => new Set(ids).add(booking.id));
      onNewRequest(booking);
    }
  });
  useRealtimeEvent<{ payment: PaymentView }>("payment:updated", ({ payment }) => void attach(payment.bookingId, { payment }));
  useRealtimeEvent<{ payout: PayoutView }>("payout:updated", ({ payout }) => void attach(payout.bookingId, { payout }));

  return { bookings: Object.values(byId), freshIds, upsert };
}

function without(ids: ReadonlySet<string>, id: string): ReadonlySet<string> {
  if (!ids.has(id)) return ids;
  const next = new Set(ids);
  next.delete(id);
  return next;
}
