import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { captureLines, payoutLines, settleLines, type Line } from "./ledger";

const sum = (lines: Line[]) => lines.reduce((total, line) => total + line.cents, 0);
const balance = (lines: Line[], account: string) => sum(lines.filter((l) => l.account === account));

describe("ledger lines", () => {
  it("capture: card money goes from the client to escrow, cash to the provider's hands", () => {
    expect(captureLines("CARD", 13500)).toEqual([
      { account: "client", cents: -13500 },
      { account: "escrow", cents: 13500 },
    ]);
    expect(balance(captureLines("CASH", 13500), "provider_cash")).toBe(13500);
  });

  it("settle: a late cancellation of $135.00 by card refunds $67.50 and owes the provider $60.75 after the 10% fee", () => {
    const lines = settleLines("CARD", 13500, 6750, 10);
    expect(balance(lines, "escrow")).toBe(-13500);
    expect(balance(lines, "client")).toBe(6750);
    expect(balance(lines, "provider_payable")).toBe(6075);
    expect(balance(lines, "platform_revenue")).toBe(675);
  });

  it("settle: cash leaves the provider's hands; they keep their share and owe the fee", () => {
    const lines = settleLines("CASH", 13500, 0, 10);
    expect(balance(lines, "provider_cash")).toBe(-13500);
    expect(balance(lines, "provider")).toBe(12150);
    expect(balance(lines, "fees_receivable")).toBe(1350);
  });

  it("every entry balances, for any amount, refund and fee", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("CARD" as const, "CASH" as const),
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 10_000 }).map((bp) => bp / 100),
        (method, held, share, feePercent) => {
          const refund = Math.floor(held * share);
          for (const lines of [captureLines(method, held), settleLines(method, held, refund, feePercent)]) {
            expect(sum(lines)).toBe(0);
            lines.forEach((line) => expect(Number.isSafeInteger(line.cents)).toBe(true));
          }
          expect(balance(settleLines(method, held, refund, feePercent), "client")).toBe(refund);
        },
      ),
    );
  });

  it.each(["payout_sent", "payout_completed", "payout_failed"] as const)("%s balances", (step) => {
    expect(sum(payoutLines(step, 12150))).toBe(0);
  });
});
