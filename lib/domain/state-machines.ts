/**
 * The state machines of the public contract, as data. Pure: no I/O, so the rules are
 * unit-tested on their own and every caller (routes, scheduler, sockets) shares them.
 */

export type BookingStatus =
  | "PENDING"
  | "CONFIRMED"
  | "IN_PROGRESS"
  | "COMPLETED"
  | "REJECTED"
  | "CANCELLED"
  | "EXPIRED"
  | "DECLINED";

export type BookingAction = "accept" | "reject" | "start" | "complete" | "cancel" | "expire" | "decline" | "renew";

/** The `action` word a booking:updated event carries for each transition. */
export type BookingEventAction =
  | "created"
  | "accepted"
  | "rejected"
  | "started"
  | "completed"
  | "cancelled"
  | "expired"
  | "declined"
  | "renewed"
  | "expiring";

type BookingTransition = {
  from: readonly BookingStatus[];
  to: BookingStatus;
  event: BookingEventAction;
  /** The unit of availability this booking held goes back to the service. */
  freesUnit?: true;
  /** The booking takes a unit again (renewal of an expired hold). */
  takesUnit?: true;
  /** Money taken for a booking that will not happen goes back to the client. */
  refunds?: true;
};

export const BOOKING_TRANSITIONS: Record<BookingAction, BookingTransition> = {
  accept: { from: ["PENDING"], to: "CONFIRMED", event: "accepted" },
  reject: { from: ["PENDING"], to: "REJECTED", event: "rejected", freesUnit: true, refunds: true },
  start: { from: ["CONFIRMED"], to: "IN_PROGRESS", event: "started" },
  // The work is done, so the unit is free for the next client.
  complete: { from: ["IN_PROGRESS"], to: "COMPLETED", event: "completed", freesUnit: true },
  cancel: { from: ["PENDING", "CONFIRMED"], to: "CANCELLED", event: "cancelled", freesUnit: true, refunds: true },
  expire: { from: ["PENDING"], to: "EXPIRED", event: "expired", freesUnit: true, refunds: true },
  decline: { from: ["PENDING", "CONFIRMED"], to: "DECLINED", event: "declined", freesUnit: true, refunds: true },
  renew: { from: ["EXPIRED"], to: "PENDING", event: "renewed", takesUnit: true },
};

export function bookingTransition(action: BookingAction, from: BookingStatus): BookingTransition | null {
  const transition = BOOKING_TRANSITIONS[action];
  return transition.from.includes(from) ? transition : null;
}

/** States of a booking still under way: its two parties are counterparts (presence), and a client sees it as open. */
export const OPEN_BOOKING_STATUSES: readonly BookingStatus[] = ["PENDING", "CONFIRMED", "IN_PROGRESS"];

/** States in which a booking can still be paid for. */
export const PAYABLE_BOOKING_STATUSES: readonly BookingStatus[] = ["PENDING", "CONFIRMED", "IN_PROGRESS", "COMPLETED"];

export type PaymentStatus = "PENDING" | "PAID" | "ESCROW" | "RELEASED" | "FAILED" | "REFUNDED";

export const PAYMENT_TRANSITIONS: Record<PaymentStatus, readonly PaymentStatus[]> = {
  PENDING: ["PAID", "FAILED"],
  PAID: ["ESCROW", "FAILED", "REFUNDED"],
  ESCROW: ["RELEASED", "REFUNDED"],
  RELEASED: [],
  FAILED: [],
  REFUNDED: [],
};

export function canMovePayment(from: PaymentStatus, to: PaymentStatus): boolean {
  return PAYMENT_TRANSITIONS[from].includes(to);
}

/**
 * The path from one payment state to another through legal steps (shortest first), or
 * null when there is none. A processor that reports ESCROW for a PENDING payment moves it
 * through PAID, so every step still gets its own event.
 */
export function paymentPath(from: PaymentStatus, to: PaymentStatus): PaymentStatus[] | null {
  if (from === to) return [];
  const queue: PaymentStatus[][] = [[from]];
  while (queue.length) {
    const path = queue.shift()!;
    for (const next of PAYMENT_TRANSITIONS[path[path.length - 1]]) {
      if (next === to) return [...path.slice(1), next];
      if (!path.includes(next)) queue.push([...path, next]);
    }
  }
  return null;
}

export type PayoutStatus = "PENDING" | "PROCESSING" | "COMPLETED" | "FAILED";

export const PAYOUT_TRANSITIONS: Record<PayoutStatus, readonly PayoutStatus[]> = {
  PENDING: ["PROCESSING"],
  PROCESSING: ["COMPLETED", "FAILED"],
  COMPLETED: [],
  FAILED: [],
};

export function canMovePayout(from: PayoutStatus, to: PayoutStatus): boolean {
  return PAYOUT_TRANSITIONS[from].includes(to);
}
