"use client";

import { useState } from "react";
import { api } from "@/lib/api/browser";
import type { PartyBookingAction } from "@/lib/domain/state-machines";
import type { BookingView } from "@/lib/domain/views";

/** The provider's actions: the parties' transitions but the client's own (renew), and recording cash. */
export type BookingActionName = Exclude<PartyBookingAction, "renew"> | "verify-cash";

function endpoint(bookingId: string, action: BookingActionName): string {
  return action === "verify-cash" ? `/api/payments/${bookingId}/verify-cash` : `/api/bookings/${bookingId}/${action}`;
}

/**
 * The provider's own actions on bookings: which one is running for each booking (its
 * buttons wait meanwhile) and the last refusal, in the API's words. After a refusal the
 * booking is read again, because a refusal usually means it changed elsewhere first.
 */
export function useBookingActions(onBooking: (booking: BookingView) => void, onDone: (booking: BookingView, action: BookingActionName) => void) {
  const [running, setRunning] = useState<Readonly<Record<string, BookingActionName>>>({});
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});

  async function run(booking: BookingView, action: BookingActionName) {
    setRunning((all) => ({ ...all, [booking.id]: action }));
    setErrors((all) => omit(all, booking.id));
    const result = await api<{ booking: BookingView }>(endpoint(booking.id, action), { method: "POST" });
    setRunning((all) => omit(all, booking.id));
    if (result.ok) {
      onBooking(result.booking);
      onDone(result.booking, action);
      return;
    }
    setErrors((all) => ({ ...all, [booking.id]: result.error.message }));
    if (result.status === 409) {
      const fresh = await api<{ booking: BookingView }>(`/api/bookings/${booking.id}`);
      if (fresh.ok) onBooking(fresh.booking);
    }
  }

  return { running, errors, run };
}

function omit<T>(all: Readonly<Record<string, T>>, key: string): Readonly<Record<string, T>> {
  if (!(key in all)) return all;
  const { [key]: _removed, ...rest } = all;
  return rest;
}
