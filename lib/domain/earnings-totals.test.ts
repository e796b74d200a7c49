import { describe, expect, it } from "vitest";
import type { BookingView } from "./views";
import { earningsTotals } from "./earnings-totals";

type Payment = NonNullable<BookingView["payment"]>;
type Payout = NonNullable<BookingView["payout"]>;

let next = 0;
function booking(payment: Partial<Payment> | null, payout: Partial<Payout> | null = null): BookingView {
  const id = `b${++next}`;
  const at = "2026-12-01T10:00:00.000Z";
  return {
    id,
    payment: payment && { id: `p${next}`, bookingId: id, method: "CARD", status: "ESCROW", amountCents: 10000, refundedCents: 0, currency: "USD", createdAt: at, updatedAt: at, ...payment },
    payout: payout && { id: `o${next}`, bookingId: id, providerId: "priya", status: "PENDING", amountCents: 9000, currency: "USD", failureReason: null, createdAt: at, updatedAt: at, ...payout },
  } as BookingView;
}

const settings = { feePercent: 10 };

describe("earningsTotals", () => {
  it("puts each card payment and payout where its money stands", () => {
    const totals = earningsTotals(
      [
        booking({ status: "ESCROW", amountCents: 13500 }),
        booking({ status: "DISPUTED", amountCents: 150000 }),
        booking({ status: "RELEASED" }, { status: "PENDING", amountCents: 9000 }),
        booking({ status: "RELEASED" }, { status: "PROCESSING", amountCents: 4500 }),
        booking({ status: "RELEASED" }, { status: "COMPLETED", amountCents: 12150 }),
        booking({ status: "REFUNDED", refundedCents: 10000 }),
        booking({ status: "PENDING" }),
        booking(null),
      ],
      { ...settings, elsewhere: { paidOutCents: 50000, cashFeesOwedCents: 0 } },
    );
    expect(totals).toEqual({ heldCents: 13500, disputedCents: 150000, payoutPendingCents: 13500, paidOutCents: 62150, cashFeesOwedCents: 0 });
  });

  it("owes the platform fee, rounded up, on the cash kept from settled cash jobs only", () => {
    const totals = earningsTotals(
      [
        booking({ method: "CASH", status: "RELEASED", amountCents: 6500 }),
        booking({ method: "CASH", status: "PARTIALLY_REFUNDED", amountCents: 999, refundedCents: 0 }),
        booking({ method: "CASH", status: "PARTIALLY_REFUNDED", amountCents: 13500, refundedCents: 6750 }),
        booking({ method: "CASH", status: "PAID", amountCents: 8000 }),
        booking({ method: "CASH", status: "REFUNDED", amountCents: 8000, refundedCents: 8000 }),
      ],
      settings,
    );
    // 650 + ceil(99.9) + 675; cash still held or all given back owes nothing.
    expect(totals.cashFeesOwedCents).toBe(650 + 100 + 675);
    expect(totals.heldCents).toBe(0);
  });
});
