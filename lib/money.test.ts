import { describe, expect, it } from "vitest";
import { formatMoney, lateCancellationFee, parseMoney, platformFee, providerShare } from "./money";

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

describe("parseMoney", () => {
  it.each([
    { text: "67.50", currency: "USD", cents: 6750 },
    { text: "67.5", currency: "USD", cents: 6750 },
    { text: " 20 ", currency: "USD", cents: 2000 },
    { text: "$1,350.00", currency: "USD", cents: 135000 },
    { text: "0.07", currency: "USD", cents: 7 },
    { text: "19.", currency: "EUR", cents: 1900 },
    { text: "500", currency: "JPY", cents: 500 },
    { text: "1.234", currency: "KWD", cents: 1234 },
    { text: "0.29", currency: "USD", cents: 29 }, // 0.29 * 100 is 28.999999999999996 in floating point
  ])("$text $currency is $cents", ({ text, currency, cents }) => {
    expect(parseMoney(text, currency)).toBe(cents);
  });

  it.each(["", "abc", "-5", "1.234", "1.2.3", "1e3", "12 50"])("%j is not an amount of USD", (text) => {
    expect(parseMoney(text, "USD")).toBeNull();
  });

  it("refuses decimals a currency without minor units does not have", () => {
    expect(parseMoney("500.5", "JPY")).toBeNull();
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

describe("platformFee and lateCancellationFee round in opposite directions, each against the platform", () => {
  it.each([
    { amount: 999, percent: 10, fee: 100, late: 99 }, // 99.9
    { amount: 1001, percent: 15, fee: 151, late: 150 }, // 150.15
    { amount: 13500, percent: 50, fee: 6750, late: 6750 },
    { amount: 1, percent: 50, fee: 1, late: 0 },
    { amount: 0, percent: 50, fee: 0, late: 0 },
    { amount: 1000, percent: 1.1, fee: 11, late: 11 }, // basis points: exact
    { amount: 333, percent: 33.33, fee: 111, late: 110 }, // 110.9889
  ])("$percent% of $amount: platform fee $fee, late fee $late", ({ amount, percent, fee, late }) => {
    expect(platformFee(amount, percent)).toBe(fee);
    expect(lateCancellationFee(amount, percent)).toBe(late);
    expect(providerShare(amount, percent)).toBe(amount - fee);
  });

  it("are whole minor units within one of the exact figure", () => {
    for (const percent of [0, 1, 7.5, 10, 33.33, 50, 99.99, 100]) {
      for (let amount = 0; amount <= 3000; amount += 13) {
        const exact = (amount * percent) / 100;
        expect(platformFee(amount, percent) - exact).toBeGreaterThanOrEqual(0);
        expect(platformFee(amount, percent) - exact).toBeLessThan(1);
        expect(exact - lateCancellationFee(amount, percent)).toBeGreaterThanOrEqual(0);
        expect(exact - lateCancellationFee(amount, percent)).toBeLessThan(1);
      }
    }
  });
});
