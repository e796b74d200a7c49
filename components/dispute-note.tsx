import { Scale } from "lucide-react";
import type { BookingView } from "@/lib/domain/views";
import { formatMoney } from "@/lib/money";

type Dispute = NonNullable<BookingView["dispute"]>;

/**
 * A booking's dispute as either party reads it: the client's reason and, while it is open,
 * that the money waits for an administrator; once resolved, where the money went and the
 * administrator's note. `names` say who is who from the reader's side ("you" for oneself);
 * `when` renders a moment the way the rest of the page does.
 */
export function DisputeNote({
  dispute,
  amountCents,
  currency,
  names,
  when,
}: {
  dispute: Dispute;
  amountCents: number;
  currency: string;
  names: { client: string; provider: string };
  when: (iso: string) => React.ReactNode;
}) {
  const money = (cents: number) => formatMoney(cents, currency);
  const open = dispute.resolvedAt === null;
  return (
    <div className={`flex gap-2 rounded-lg px-3 py-2 text-sm ${open ? "bg-orange-50 text-orange-950" : "bg-slate-50 text-slate-800"}`}>
      <Scale aria-hidden className="mt-0.5 size-4 shrink-0" />
      <div className="min-w-0 flex-1 space-y-1">
        <p>
          <span className="font-semibold">{open ? "Dispute open" : "Dispute resolved"}</span> · {capitalized(names.client)} opened it on{" "}
          {when(dispute.openedAt)}.
        </p>
        <blockquote className="whitespace-pre-wrap break-words border-l-2 border-current/30 pl-2 italic">{dispute.reason}</blockquote>
        {open ? (
          <p>An administrator is reviewing it; the {money(amountCents)} stays in escrow meanwhile.</p>
        ) : (
          <p>
            {dispute.resolvedAt ? <>Decided on {when(dispute.resolvedAt)}: </> : null}
            {outcome(dispute, amountCents, money, names)}
          </p>
        )}
        {dispute.note ? <p className="break-words">Administrator’s note: {dispute.note}</p> : null}
      </div>
    </div>
  );
}

function outcome(dispute: Dispute, amountCents: number, money: (cents: number) => string, names: { client: string; provider: string }): string {
  const refund = dispute.refundCents ?? 0;
  if (dispute.outcome === "refund") return `all ${money(amountCents)} back to ${names.client}.`;
  if (dispute.outcome === "release") return `all ${money(amountCents)} to ${names.provider}.`;
  return `${money(refund)} back to ${names.client}, ${money(amountCents - refund)} to ${names.provider}.`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
