import type { BookingView } from "@/lib/domain/views";

type Versioned = { updatedAt: string };

/** The later of two copies of one row; on a tie the incoming one, since events arrive in order. */
function later<T extends Versioned | null>(current: T, incoming: T): T {
  if (!current || !incoming) return incoming ?? current;
  return current.updatedAt > incoming.updatedAt ? current : incoming;
}

/**
 * Combines what is known of a booking with a copy that just arrived (an event, a caught-up
 * event, or the answer to one's own action, in any order): the booking, its payment and its
 * payout each keep their latest version, so an older copy never rolls a newer state back.
 */
export function mergeBooking(current: BookingView | undefined, incoming: BookingView): BookingView {
  if (!current) return incoming;
  return {
    ...later(current, incoming),
    payment: later(current.payment, incoming.payment),
    payout: later(current.payout, incoming.payout),
  };
}
