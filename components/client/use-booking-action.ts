"use client";

import { useState } from "react";
import toast from "react-hot-toast";
import { useRealtime } from "@/hooks/use-realtime";
import { api } from "@/lib/api/browser";
import type { BookingView } from "@/lib/domain/views";
import { useBookings } from "./bookings-provider";

/**
 * Runs one of the client's actions on a booking (pay by CARD or CASH, cancel, renew): a
 * POST that answers with the booking, shown at once and reported to the activity feed; a
 * refusal is a toast, in the words given for its error code or else the server's.
 *
 * @example
 * const { pending, run } = useBookingAction();
 * await run("renew", `/api/bookings/${id}/renew`, { messages: { NO_AVAILABILITY: "No free units right now" } });
 * pending === "renew"; // while it runs, to show a spinner on the right button
 */
export function useBookingAction() {
  const { upsert } = useBookings();
  const { report } = useRealtime();
  const [pending, setPending] = useState<string | null>(null);

  async function run(
    action: "cancel" | "renew" | "CARD" | "CASH",
    path: string,
    options: { body?: unknown; messages?: Record<string, string> } = {},
  ): Promise<boolean> {
    setPending(action);
    const result = await api<{ booking: BookingView }>(path, { method: "POST", body: options.body });
    setPending(null);
    if (result.ok) {
      upsert(result.booking);
      void report({ kind: "booking-action", bookingId: result.booking.id, action: action === "CARD" || action === "CASH" ? "pay" : action });
      return true;
    }
    toast.error(options.messages?.[result.error.code] ?? result.error.message);
    return false;
  }

  return { pending, run };
}
