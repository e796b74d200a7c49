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
  /** The booking will not happen: money held for it is settled by the cancellation policy. */
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

/** States of a booking that will not happen: it may hold no money (lib/domain/ledger-check.ts). */
export const CLOSED_BOOKING_STATUSES: readonly BookingStatus[] = ["CANCELLED", "REJECTED", "DECLINED", "EXPIRED"];

export type PaymentStatus =
  | "PENDING"
  | "PAID"
  | "ESCROW"
  | "RELEASED"
  | "FAILED"
  | "REFUNDED"
  | "PARTIALLY_REFUNDED"
  | "DISPUTED";

/**
 * A card: PENDING until the processor confirms (PAID, at once held in ESCROW), then
 * RELEASED to the provider, REFUNDED, PARTIALLY_REFUNDED (part each way) or DISPUTED until
 * an admin decides. Cash: PENDING until the provider records it (PAID: the provider holds
 * it), then settled the same three ways. FAILED: no money was taken. docs/money.md draws it.
 */
export const PAYMENT_TRANSITIONS: Record<PaymentStatus, readonly PaymentStatus[]> = {
  PENDING: ["PAID", "FAILED"],
  PAID: ["ESCROW", "RELEASED", "REFUNDED", "PARTIALLY_REFUNDED"],
  ESCROW: ["RELEASED", "REFUNDED", "PARTIALLY_REFUNDED", "DISPUTED"],
  DISPUTED: ["RELEASED", "REFUNDED", "PARTIALLY_REFUNDED"],
  RELEASED: [],
  FAILED: [],
  REFUNDED: [],
  PARTIALLY_REFUNDED: [],
};

export function canMovePayment(from: PaymentStatus, to: PaymentStatus): boolean {
  return PAYMENT_TRANSITIONS[from].includes(to);
}

/** Where a payment's money is held, not yet settled: by the platform (card) or the provider (cash, PAID). */
export const HELD_PAYMENT_STATUSES: readonly PaymentStatus[] = ["PAID", "ESCROW", "DISPUTED"];

/** States in which the money is settled for good: nothing is held any more. */
export const SETTLED_PAYMENT_STATUSES: readonly PaymentStatus[] = ["RELEASED", "REFUNDED", "PARTIALLY_REFUNDED"];

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
