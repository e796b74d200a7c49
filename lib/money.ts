/**
 * Formats an amount in the currency's minor units (cents for USD) the way people read
 * money: "$1,350.00". Currencies without cents (JPY) or with three decimals (KWD) work too.
 */
export function formatMoney(minorUnits: number, currency: string): string {
  const format = new Intl.NumberFormat("en-US", { style: "currency", currency });
  return format.format(minorUnits / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

/** A percentage in whole basis points, so that 1.1% is exact, not 1.1000000000000001%. */
function basisPoints(percent: number): number {
  return Math.round(percent * 100);
}

/**
 * The platform's fee on money released to a provider, rounded up to a minor unit: the
 * provider is never paid a fraction more than their share.
 */
export function platformFee(amountCents: number, feePercent: number): number {
  return Math.ceil((amountCents * basisPoints(feePercent)) / 10_000);
}

/** The provider's share of released money after the platform fee (see platformFee). */
export function providerShare(amountCents: number, feePercent: number): number {
  return amountCents - platformFee(amountCents, feePercent);
}

/**
 * The late-cancellation fee on a price, rounded down to a minor unit: the client never
 * pays a fraction more than the policy says.
 */
export function lateCancellationFee(priceCents: number, feePercent: number): number {
  return Math.floor((priceCents * basisPoints(feePercent)) / 10_000);
}
