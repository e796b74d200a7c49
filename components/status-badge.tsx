const TONE: Record<string, string> = {
  PENDING: "bg-amber-100 text-amber-900",
  CONFIRMED: "bg-sky-100 text-sky-900",
  IN_PROGRESS: "bg-indigo-100 text-indigo-900",
  COMPLETED: "bg-emerald-100 text-emerald-900",
  PAID: "bg-sky-100 text-sky-900",
  ESCROW: "bg-indigo-100 text-indigo-900",
  RELEASED: "bg-emerald-100 text-emerald-900",
  // Money held until an administrator decides: it wants attention.
  DISPUTED: "bg-orange-100 text-orange-900",
  PROCESSING: "bg-indigo-100 text-indigo-900",
};

/** A booking, payment or payout status as a coloured pill; ended states are grey. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`inline-block whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${TONE[status] ?? "bg-slate-100 text-slate-700"}`}>
      {status.replaceAll("_", " ").toLowerCase()}
    </span>
  );
}
