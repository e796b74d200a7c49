import type { BookingView } from "@/lib/domain/views";
import { formatMoney } from "@/lib/money";

export type CancellationTerms = NonNullable<BookingView["cancellation"]>;

/**
 * What cancelling does with the client's money, in one sentence, from the server's terms:
 * "You get $67.50 back; $67.50 late-cancellation fee goes to Priya Provider." Cash comes
 * back from the provider's hand, so it says so.
 *
 * @example
 * describeCancellation({ refundCents: 0, feeCents: 0, lateFrom }, { providerName: "Priya", currency: "USD", cash: false });
 * // "Nothing was charged."
 */
export function describeCancellation(
  terms: Pick<CancellationTerms, "refundCents" | "feeCents">,
  { providerName, currency, cash }: { providerName: string; currency: string; cash: boolean },
): string {
  const money = (cents: number) => formatMoney(cents, currency);
  const { refundCents, feeCents } = terms;
  if (refundCents === 0 && feeCents === 0) return "Nothing was charged.";
  const back = cash ? ` in cash from ${providerName}` : "";
  if (feeCents === 0) return `You get everything back (${money(refundCents)})${back}.`;
  if (refundCents === 0) return `The whole ${money(feeCents)} goes to ${providerName} as a late-cancellation fee.`;
  return `You get ${money(refundCents)} back${back}; ${money(feeCents)} late-cancellation fee goes to ${providerName}.`;
}

/**
 * The moment a late-cancellation fee starts, for a confirmed booking whose paid money would
 * still all come back now; null when there is nothing to warn about.
 */
export function feeStartsAt(status: BookingView["status"], terms: CancellationTerms, now: number): string | null {
  const free = status === "CONFIRMED" && terms.feeCents === 0 && terms.refundCents > 0;
  return free && Date.parse(terms.lateFrom) > now ? terms.lateFrom : null;
}
