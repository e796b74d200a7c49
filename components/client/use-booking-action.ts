"use client";

import { useState } from "react";
import toast from "react-hot-toast";
import { api } from "@/lib/api/browser";
import type { BookingView } from "@/lib/domain/views";
import { useBookings } from "./bookings-provider";

/**
 * Runs one of the client's actions on a booking (pay, cancel, renew): a POST that answers
 * with the booking, shown at once; a refusal is a toast, in the words given for its error
 * code or else the server's.
 *
 * @example
 * const { pending, run } = useBookingAction();
 * await run("renew", `/api/bookings/${id}/renew`, { messages: { NO_AVAILABILITY: "No free units right now" } });
 * pending === "renew"; // while it runs, to show a spinner on the right button
 */
export function useBookingAction() {
  const { upsert } = useBookings();
  const [pending, setPending] = useState<string | null>(null);

  async function run(action: string, path: string, options: { body?: unknown; messages?: Record<string, string> } = {}): Promise<boolean> {
    setPending(action);
    const result = await api<{ booking: BookingView }>(path, { method: "POST", body: options.body });
    setPending(null);
    if (result.ok) {
      upsert(result.booking);
      return true;
    }
    toast.error(options.messages?.[result.error.code] ?? result.error.message);
    return false;
  }

  return { pending, run };
}
