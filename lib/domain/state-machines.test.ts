import { describe, expect, it } from "vitest";
import {
  BOOKING_TRANSITIONS,
  PAYABLE_BOOKING_STATUSES,
  bookingTransition,
  canMovePayment,
  HELD_PAYMENT_STATUSES,
  PAYMENT_TRANSITIONS,
  SETTLED_PAYMENT_STATUSES,
  canMovePayout,
  type BookingAction,
  type BookingStatus,
  type PaymentStatus,
  type PayoutStatus,
} from "./state-machines";

/**
 * The expectations below are written out from the contract (docs/api.md, "State
 * machines"), not read back from the module, so a change to the machine that drifts from
 * the contract fails here.
 */

const BOOKING_STATUSES: BookingStatus[] = [
  "PENDING",
  "CONFIRMED",
  "IN_PROGRESS",
  "COMPLETED",
  "REJECTED",
  "CANCELLED",
  "EXPIRED",
  "DECLINED",
];

type ExpectedBookingRule = {
  from: BookingStatus[];
  to: BookingStatus;
  event: string;
  freesUnit: boolean;
  takesUnit: boolean;
  refunds: boolean;
};

// The contract's diagram, one row per action, with what each does to availability and money.
const BOOKING_RULES: Record<BookingAction, ExpectedBookingRule> = {
  accept: { from: ["PENDING"], to: "CONFIRMED", event: "accepted", freesUnit: false, takesUnit: false, refunds: false },
  reject: { from: ["PENDING"], to: "REJECTED", event: "rejected", freesUnit: true, takesUnit: false, refunds: true },
  start: { from: ["CONFIRMED"], to: "IN_PROGRESS", event: "started", freesUnit: false, takesUnit: false, refunds: false },
  complete: { from: ["IN_PROGRESS"], to: "COMPLETED", event: "completed", freesUnit: true, takesUnit: false, refunds: false },
  cancel: { from: ["PENDING", "CONFIRMED"], to: "CANCELLED", event: "cancelled", freesUnit: true, takesUnit: false, refunds: true },
  expire: { from: ["PENDING"], to: "EXPIRED", event: "expired", freesUnit: true, takesUnit: false, refunds: true },
  decline: { from: ["PENDING", "CONFIRMED"], to: "DECLINED", event: "declined", freesUnit: true, takesUnit: false, refunds: true },
  renew: { from: ["EXPIRED"], to: "PENDING", event: "renewed", freesUnit: false, takesUnit: true, refunds: false },
};

const ACTIONS = Object.keys(BOOKING_RULES) as BookingAction[];

describe("booking transitions", () => {
  it("covers exactly the contract's actions", () => {
    expect(Object.keys(BOOKING_TRANSITIONS).sort()).toEqual([...ACTIONS].sort());
  });

  const everyPair = ACTIONS.flatMap((action) =>
    BOOKING_STATUSES.map((from) => ({ action, from, legal: BOOKING_RULES[action].from.includes(from) })),
  );

  it.each(everyPair)("$action from $from: legal=$legal", ({ action, from, legal }) => {
    const transition = bookingTransition(action, from);
    if (!legal) {
      expect(transition).toBeNull();
      return;
    }
    const rule = BOOKING_RULES[action];
    expect(transition).toMatchObject({ to: rule.to, event: rule.event });
    expect({
      freesUnit: transition?.freesUnit === true,
      takesUnit: transition?.takesUnit === true,
      refunds: transition?.refunds === true,
    }).toEqual({ freesUnit: rule.freesUnit, takesUnit: rule.takesUnit, refunds: rule.refunds });
  });

  it("matches the contract's diagram edge for edge", () => {
    const edges = ACTIONS.flatMap((action) =>
      BOOKING_STATUSES.flatMap((from) => {
        const transition = bookingTransition(action, from);
        return transition ? [`${from} -> ${transition.to}`] : [];
      }),
    );
    expect(edges.sort()).toEqual(
      [
        "PENDING -> CONFIRMED",
        "CONFIRMED -> IN_PROGRESS",
        "IN_PROGRESS -> COMPLETED",
        "PENDING -> REJECTED",
        "PENDING -> CANCELLED",
        "CONFIRMED -> CANCELLED",
        "PENDING -> EXPIRED",
        "PENDING -> DECLINED",
        "CONFIRMED -> DECLINED",
        "EXPIRED -> PENDING",
      ].sort(),
    );
  });

  it.each(["COMPLETED", "REJECTED", "CANCELLED", "DECLINED"] as const)("%s is terminal", (status) => {
    expect(ACTIONS.filter((action) => bookingTransition(action, status))).toEqual([]);
  });

  it("gives every transition its own event word", () => {
    const events = ACTIONS.map((action) => BOOKING_TRANSITIONS[action].event);
    expect(new Set(events).size).toBe(events.length);
  });

  it("never both takes and frees a unit in one step", () => {
    expect(ACTIONS.filter((a) => BOOKING_TRANSITIONS[a].freesUnit && BOOKING_TRANSITIONS[a].takesUnit)).toEqual([]);
  });

  it("refuses payment in every state a refunding transition leads to", () => {
    const refunded = ACTIONS.filter((a) => BOOKING_TRANSITIONS[a].refunds).map((a) => BOOKING_TRANSITIONS[a].to);
    expect(refunded.filter((status) => PAYABLE_BOOKING_STATUSES.includes(status))).toEqual([]);
  });
});

const PAYMENT_STATUSES: PaymentStatus[] = ["PENDING", "PAID", "ESCROW", "RELEASED", "FAILED", "REFUNDED", "PARTIALLY_REFUNDED", "DISPUTED"];

// PENDING -> PAID (captured, or cash recorded) -> ESCROW (card) -> settled one of three ways,
// or DISPUTED first; FAILED only before any money was taken.
const PAYMENT_EDGES = new Set([
  "PENDING -> PAID",
  "PENDING -> FAILED",
  "PAID -> ESCROW",
  "PAID -> RELEASED",
  "PAID -> REFUNDED",
  "PAID -> PARTIALLY_REFUNDED",
  "ESCROW -> RELEASED",
  "ESCROW -> REFUNDED",
  "ESCROW -> PARTIALLY_REFUNDED",
  "ESCROW -> DISPUTED",
  "DISPUTED -> RELEASED",
  "DISPUTED -> REFUNDED",
  "DISPUTED -> PARTIALLY_REFUNDED",
]);

describe("payment transitions", () => {
  const pairs = PAYMENT_STATUSES.flatMap((from) =>
    PAYMENT_STATUSES.map((to) => ({ from, to, legal: PAYMENT_EDGES.has(`${from} -> ${to}`) })),
  );

  it.each(pairs)("$from -> $to: legal=$legal", ({ from, to, legal }) => {
    expect(canMovePayment(from, to)).toBe(legal);
  });

  it("never takes money back from a settled payment, nor fails one that holds money", () => {
    for (const settled of SETTLED_PAYMENT_STATUSES) expect(PAYMENT_TRANSITIONS[settled]).toEqual([]);
    for (const held of HELD_PAYMENT_STATUSES) expect(canMovePayment(held, "FAILED")).toBe(false);
  });
});

const PAYOUT_STATUSES: PayoutStatus[] = ["PENDING", "PROCESSING", "COMPLETED", "FAILED"];
const PAYOUT_EDGES = new Set(["PENDING -> PROCESSING", "PROCESSING -> COMPLETED", "PROCESSING -> FAILED"]);

describe("payout transitions", () => {
  it.each(
    PAYOUT_STATUSES.flatMap((from) =>
      PAYOUT_STATUSES.map((to) => ({ from, to, legal: PAYOUT_EDGES.has(`${from} -> ${to}`) })),
    ),
  )("$from -> $to: legal=$legal", ({ from, to, legal }) => {
    expect(canMovePayout(from, to)).toBe(legal);
  });
});
