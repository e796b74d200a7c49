"use client";

import { useState } from "react";
import toast from "react-hot-toast";
import { api, type ApiErrorBody, type ApiResult } from "@/lib/api/browser";
import type { BookingView } from "@/lib/domain/views";
import { useBookings } from "./bookings-provider";

type Action = "cancel" | "renew" | "CARD" | "CASH" | "confirm" | "dispute";

/**
 * Runs one of the client's actions on a booking (pay by CARD or CASH, cancel, renew,
 * confirm the work, dispute it): a POST that answers with the booking, shown at once (the
 * server records it in the activity feed); a refusal is a toast, in the words given for its error
 * code or else the server's, unless its code is one the caller `handles` itself.
 *
 * @example
 * const { pending, run } = useBookingAction();
 * await run("renew", `/api/bookings/${id}/renew`, { messages: { NO_AVAILABILITY: "No open slots right now" } });
 * pending === "renew"; // while it runs, to show a spinner on the right button
 */
export function useBookingAction() {
  const { upsert } = useBookings();
  const [pending, setPending] = useState<string | null>(null);

  async function run(
    action: Action,
    path: string,
    options: { body?: unknown; messages?: Record<string, string>; handles?: (error: ApiErrorBody) => boolean } = {},
  ): Promise<ApiResult<{ booking: BookingView }>> {
    setPending(action);
    const result = await api<{ booking: BookingView }>(path, { method: "POST", body: options.body });
    setPending(null);
    if (result.ok) upsert(result.booking);
    else if (!options.handles?.(result.error)) {
      toast.error(options.messages?.[result.error.code] ?? result.error.message);
    }
    return result;
  }

  return { pending, run };
}
