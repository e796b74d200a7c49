import type { BookingView } from "@/lib/domain/views";
import { formatMoney } from "@/lib/money";
import { StatusBadge } from "./status-badge";

// One markup for every width: a table from `md` up; on a phone each row becomes a small
// card (title and status, who, when and price), so no column hides behind a scroll.
const ROW = "grid grid-cols-[minmax(0,1fr)_auto] items-center gap-x-4 gap-y-1 py-3 md:table-row md:py-0";
const CELL = "md:py-2 md:pr-4 md:align-middle";
const HEAD = "py-2 pr-4 font-medium";

/** Bookings as a table; `show` picks the counterpart column for who is looking. */
export function BookingTable({
  bookings,
  currency,
  show,
}: {
  bookings: BookingView[];
  currency: string;
  show: "client" | "provider" | "both";
}) {
  if (bookings.length === 0) return <p className="text-sm text-slate-600">No bookings yet.</p>;
  const people = [
    ...(show !== "provider" ? [{ label: "Provider", name: (b: BookingView) => b.providerName }] : []),
    ...(show !== "client" ? [{ label: "Client", name: (b: BookingView) => b.clientName }] : []),
  ];
  return (
    <div className="md:overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-xs uppercase tracking-wide text-slate-500 max-md:sr-only">
          <tr>
            <th className={HEAD}>Service</th>
            {people.map((p) => (
              <th key={p.label} className={HEAD}>
                {p.label}
              </th>
            ))}
            <th className={HEAD}>When (UTC)</th>
            <th className={HEAD}>Price</th>
            <th className={HEAD}>Status</th>
            <th className="py-2 font-medium">Payment</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {bookings.map((b) => (
            <tr key={b.id} className={ROW}>
              <td className={`${CELL} col-start-1 row-start-1 font-medium text-slate-900`}>{b.serviceTitle}</td>
              {people.map((p) => (
                <td key={p.label} className={`${CELL} col-start-1 text-slate-600 md:text-slate-700`}>
                  <span className="text-slate-500 md:hidden">{p.label} · </span>
                  {p.name(b)}
                </td>
              ))}
              <td className={`${CELL} col-start-1 text-slate-600 md:whitespace-nowrap md:text-slate-700`}>
                <time dateTime={b.scheduledAt}>
                  {new Date(b.scheduledAt).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })}
                  <span className="md:hidden"> UTC</span>
                </time>
              </td>
              <td className={`${CELL} col-start-2 text-right tabular-nums md:text-left`}>{formatMoney(b.priceCents, currency)}</td>
              <td className={`${CELL} col-start-2 row-start-1 text-right md:text-left`}>
                <StatusBadge status={b.status} />
              </td>
              <td className={`${CELL} col-start-2 row-start-2 text-right md:pr-0 md:text-left ${b.payment ? "" : "max-md:hidden"}`}>
                {b.payment ? (
                  <>
                    <span className="text-xs text-slate-500 md:hidden">Payment </span>
                    <StatusBadge status={b.payment.status} />
                  </>
                ) : (
                  <span className="text-slate-500">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
