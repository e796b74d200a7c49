import { describe, expect, it } from "vitest";
import { captureLines, payoutLines, settleLines, type Line } from "./ledger";
import { findLedgerProblems, type LedgerFacts } from "./ledger-check";

/** Facts for one booking and payment whose ledger holds the given entries. */
function facts(
  payment: Partial<LedgerFacts["payments"][number]>,
  entries: Line[][],
  extra: Partial<Pick<LedgerFacts, "payouts" | "bookings" | "unbalancedEntries">> = {},
): LedgerFacts {
  const p = { id: "pay1", bookingId: "b1", method: "CARD" as const, status: "ESCROW" as const, amountCents: 10000, refundedCents: 0, currency: "USD", ...payment };
  const flows = new Map<string, { inCents: number; outCents: number }>();
  for (const line of entries.flat()) {
    const flow = flows.get(line.account) ?? { inCents: 0, outCents: 0 };
    if (line.cents > 0) flow.inCents += line.cents;
    else flow.outCents -= line.cents;
    flows.set(line.account, flow);
  }
  return {
    unbalancedEntries: extra.unbalancedEntries ?? [],
    flows: [...flows].map(([account, flow]) => ({ paymentId: p.id, account, ...flow, currencies: ["USD"] })),
    payments: [p],
    bookings: extra.bookings ?? [{ id: "b1", status: "COMPLETED" }],
    payouts: extra.payouts ?? [],
  };
}

const payout = (status: "PENDING" | "PROCESSING" | "COMPLETED" | "FAILED", amountCents = 9000) => ({ bookingId: "b1", paymentId: "pay1", status, amountCents, currency: "USD" });

describe("findLedgerProblems", () => {
  it("finds nothing wrong in a card payment held, then released and paid out", () => {
    expect(findLedgerProblems(facts({}, [captureLines("CARD", 10000)]))).toEqual([]);
    const released = [captureLines("CARD", 10000), settleLines("CARD", 10000, 0, 10), payoutLines("payout_sent", 9000), payoutLines("payout_completed", 9000)];
    expect(findLedgerProblems(facts({ status: "RELEASED" }, released, { payouts: [payout("COMPLETED")] }))).toEqual([]);
  });

  it("finds nothing wrong in a late cancellation settled part each way", () => {
    const entries = [captureLines("CARD", 10000), settleLines("CARD", 10000, 5000, 10)];
    const found = findLedgerProblems(
      facts({ status: "PARTIALLY_REFUNDED", refundedCents: 5000 }, entries, { payouts: [payout("PENDING", 4500)], bookings: [{ id: "b1", status: "CANCELLED" }] }),
    );
    expect(found).toEqual([]);
  });

  it("catches a cancelled booking that still holds money (the bug this check was written for)", () => {
    const found = findLedgerProblems(facts({ status: "ESCROW" }, [captureLines("CARD", 10000)], { bookings: [{ id: "b1", status: "CANCELLED" }] }));
    expect(found.map((p) => p.problem).join("\n")).toMatch(/CANCELLED but the payment holds 10000/);
  });

  it("catches a status the ledger does not back", () => {
    expect(findLedgerProblems(facts({ status: "ESCROW" }, [])).map((p) => p.problem).join("\n")).toMatch(/held is 0, expected 10000/);
    expect(findLedgerProblems(facts({ status: "REFUNDED", refundedCents: 10000 }, [captureLines("CARD", 10000)])).length).toBeGreaterThan(0);
  });

  it("catches a refund the payment row does not know of", () => {
    const entries = [captureLines("CARD", 10000), settleLines("CARD", 10000, 10000, 10)];
    expect(findLedgerProblems(facts({ status: "REFUNDED", refundedCents: 0 }, entries)).map((p) => p.problem).join("\n")).toMatch(/refunded 10000 but the payment says 0/);
  });

  it("catches money owed to a provider without a payout, and a payout whose status the ledger does not back", () => {
    const released = [captureLines("CARD", 10000), settleLines("CARD", 10000, 0, 10)];
    expect(findLedgerProblems(facts({ status: "RELEASED" }, released)).map((p) => p.problem).join("\n")).toMatch(/owed to the provider without a payout/);
    expect(findLedgerProblems(facts({ status: "RELEASED" }, released, { payouts: [payout("PROCESSING")] })).length).toBeGreaterThan(0);
  });

  it("reports an unbalanced entry", () => {
    const found = findLedgerProblems(facts({}, [captureLines("CARD", 10000)], { unbalancedEntries: [{ bookingId: "b1", entryId: "e1", sum: 5, currencies: 1 }] }));
    expect(found).toEqual([{ bookingId: "b1", problem: "entry e1 does not balance (off by 5)" }]);
  });
});
