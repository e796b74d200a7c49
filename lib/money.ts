/** Formats integer cents in a currency the way people read money: "$1,350.00". */
export function formatMoney(cents: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(cents / 100);
}

/** The provider's share of a payment after the platform fee, rounded down to a cent. */
export function providerShare(amountCents: number, feePercent: number): number {
  return amountCents - Math.ceil((amountCents * feePercent) / 100);
}
