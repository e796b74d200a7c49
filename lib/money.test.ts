import { describe, expect, it } from "vitest";
import { formatMoney, providerShare } from "./money";

describe("formatMoney", () => {
  it.each([
    { cents: 135000, currency: "USD", text: "$1,350.00" },
    { cents: 0, currency: "USD", text: "$0.00" },
    { cents: 5, currency: "USD", text: "$0.05" },
    { cents: 123456789, currency: "USD", text: "$1,234,567.89" },
    { cents: 1999, currency: "EUR", text: "€19.99" },
    { cents: -250, currency: "USD", text: "-$2.50" },
  ])("$cents $currency is $text", ({ cents, currency, text }) => {
    expect(formatMoney(cents, currency)).toBe(text);
  });
});

describe("providerShare", () => {
  it.each([
    { amount: 150000, fee: 10, share: 135000 },
    { amount: 150000, fee: 0, share: 150000 },
    { amount: 150000, fee: 100, share: 0 },
    { amount: 999, fee: 10, share: 899 }, // fee 99.9 cents: the platform's fraction is rounded up
    { amount: 1, fee: 10, share: 0 },
    { amount: 1001, fee: 15, share: 850 }, // fee 150.15 cents
    { amount: 0, fee: 10, share: 0 },
  ])("$fee% of $amount leaves $share", ({ amount, fee, share }) => {
    expect(providerShare(amount, fee)).toBe(share);
  });

  it("never pays the provider more than the exact share, nor short by a cent or more", () => {
    for (const fee of [0, 1, 3, 7, 10, 12, 15, 33, 50, 99, 100]) {
      for (let amount = 0; amount <= 2000; amount += 7) {
        const share = providerShare(amount, fee);
        const exact = (amount * (100 - fee)) / 100;
        expect(Number.isInteger(share), `${fee}% of ${amount}`).toBe(true);
        expect(share, `${fee}% of ${amount}`).toBeLessThanOrEqual(exact);
        expect(share, `${fee}% of ${amount}`).toBeGreaterThan(exact - 1);
      }
    }
  });
});
