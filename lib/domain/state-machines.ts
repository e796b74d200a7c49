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
  /**
   * Who asks for it: the booking's parties, by URL (POST /api/bookings/:id/:action; the
   * access policy's `booking.<action>` says which party), an admin (a route of its own),
   * or the scheduler.
   */
  by: "parties" | "admin" | "scheduler";
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

/**
 * Every booking action, defined here once: its type, the participants' route and its
 * permissions (lib/api/route-access.ts), the provider's action bar and the activity feed's
 * words derive from this table.
 */
const TRANSITIONS = {
  accept: { by: "parties", from: ["PENDING"], to: "CONFIRMED", event: "accepted" },
  reject: { by: "parties", from: ["PENDING"], to: "REJECTED", event: "rejected", freesUnit: true, refunds: true },
  start: { by: "parties", from: ["CONFIRMED"], to: "IN_PROGRESS", event: "started" },
  // The work is done, so the unit is free for the next client.
  complete: { by: "parties", from: ["IN_PROGRESS"], to: "COMPLETED", event: "completed", freesUnit: true },
  cancel: { by: "parties", from: ["PENDING", "CONFIRMED"], to: "CANCELLED", event: "cancelled", freesUnit: true, refunds: true },
  expire: { by: "scheduler", from: ["PENDING"], to: "EXPIRED", event: "expired", freesUnit: true, refunds: true },
  decline: { by: "admin", from: ["PENDING", "CONFIRMED"], to: "DECLINED", event: "declined", freesUnit: true, refunds: true },
  renew: { by: "parties", from: ["EXPIRED"], to: "PENDING", event: "renewed", takesUnit: true },
} as const satisfies Record<string, BookingTransition>;

export type BookingAction = keyof typeof TRANSITIONS;

export const BOOKING_TRANSITIONS: Record<BookingAction, BookingTransition> = TRANSITIONS;

/** The actions a booking's parties ask for by URL (POST /api/bookings/:id/:action). */
export type PartyBookingAction = { [A in BookingAction]: (typeof TRANSITIONS)[A]["by"] extends "parties" ? A : never }[BookingAction];

export const PARTY_BOOKING_ACTIONS = (Object.keys(TRANSITIONS) as BookingAction[]).filter(
  (action): action is PartyBookingAction => TRANSITIONS[action].by === "parties",
);

/**
 * What a person does to a booking, in the admins' activity feed: a transition they asked
 * for, or a step of the booking's life outside this machine (booking it, paying, the
 * provider recording cash, the client's word on finished work).
 */
export type BookingActivityAction = Exclude<BookingAction, "expire"> | "book" | "pay" | "verify-cash" | "confirm" | "dispute";

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
