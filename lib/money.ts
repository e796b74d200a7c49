/**
 * Formats an amount in the currency's minor units (cents for USD) the way people read
 * money: "$1,350.00". Currencies without cents (JPY) or with three decimals (KWD) work too.
 */
export function formatMoney(minorUnits: number, currency: string): string {
  const format = new Intl.NumberFormat("en-US", { style: "currency", currency });
  return format.format(minorUnits / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

/**
 * The provider's share of a payment after the platform fee, rounded down to a cent. The
 * fee is taken in whole basis points so that 1.1% is exact, not 1.1000000000000001%.
 */
export function providerShare(amountCents: number, feePercent: number): number {
  const basisPoints = Math.round(feePercent * 100);
  return amountCents - Math.ceil((amountCents * basisPoints) / 10_000);
}
