/**
 * Formats an amount in the currency's minor units (cents for USD) the way people read
 * money: "$1,350.00". Currencies without cents (JPY) or with three decimals (KWD) work too.
 */
export function formatMoney(minorUnits: number, currency: string): string {
  const format = new Intl.NumberFormat("en-US", { style: "currency", currency });
  return format.format(minorUnits / 10 ** minorDigits(format));
}

/** How many digits a currency's minor unit has: 2 for USD, 0 for JPY, 3 for KWD. */
function minorDigits(format: Intl.NumberFormat): number {
  return format.resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * An amount a person typed in the currency's major units ("67.5", "1,350.00", "$20") as
 * whole minor units (6750, 135000, 2000), without floating-point rounding; null when it is
 * not an amount of that currency (a negative, too many decimals, words).
 */
export function parseMoney(text: string, currency: string): number | null {
  const digits = minorDigits(new Intl.NumberFormat("en-US", { style: "currency", currency }));
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text.trim().replace(/^[^\d.+-]+/, "").replaceAll(",", ""));
  if (!match || (match[2] ?? "").length > digits) return null;
  return Number(match[1]) * 10 ** digits + Number((match[2] ?? "").padEnd(digits, "0") || 0);
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
