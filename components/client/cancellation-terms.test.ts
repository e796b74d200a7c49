import { describe, expect, it } from "vitest";
import { describeCancellation, feeStartsAt } from "./cancellation-terms";

const card = { providerName: "Priya Provider", currency: "USD", cash: false };
const lateFrom = "2026-12-03T10:00:00.000Z";

describe("describeCancellation", () => {
  it.each([
    { refundCents: 0, feeCents: 0, text: "Nothing was charged." },
    { refundCents: 13500, feeCents: 0, text: "You get everything back ($135.00)." },
    { refundCents: 6750, feeCents: 6750, text: "You get $67.50 back; $67.50 late-cancellation fee goes to Priya Provider." },
    { refundCents: 0, feeCents: 6500, text: "The whole $65.00 goes to Priya Provider as a late-cancellation fee." },
  ])("refund $refundCents, fee $feeCents: $text", ({ refundCents, feeCents, text }) => {
    expect(describeCancellation({ refundCents, feeCents }, card)).toBe(text);
  });

  it("says cash comes back from the provider's hand", () => {
    expect(describeCancellation({ refundCents: 3250, feeCents: 3250 }, { ...card, cash: true })).toBe(
      "You get $32.50 back in cash from Priya Provider; $32.50 late-cancellation fee goes to Priya Provider.",
    );
  });

  it("uses the payment's currency", () => {
    expect(describeCancellation({ refundCents: 500, feeCents: 0 }, { ...card, currency: "JPY" })).toBe("You get everything back (¥500).");
  });
});

describe("feeStartsAt", () => {
  const before = Date.parse(lateFrom) - 60_000;
  const free = { refundCents: 13500, feeCents: 0, lateFrom };

  it("names the moment for a paid, confirmed booking still free to cancel", () => {
    expect(feeStartsAt("CONFIRMED", free, before)).toBe(lateFrom);
  });

  it.each([
    { why: "a request (cancelling it is always free)", status: "PENDING" as const, terms: free, now: before },
    { why: "an unpaid booking (it costs nothing)", status: "CONFIRMED" as const, terms: { ...free, refundCents: 0 }, now: before },
    { why: "a fee that already applies", status: "CONFIRMED" as const, terms: { refundCents: 6750, feeCents: 6750, lateFrom }, now: before },
    { why: "a moment already past", status: "CONFIRMED" as const, terms: free, now: Date.parse(lateFrom) + 1 },
  ])("says nothing for $why", ({ status, terms, now }) => {
    expect(feeStartsAt(status, terms, now)).toBeNull();
  });
});
