import type { BookingView } from "@/lib/domain/views";
import { formatMoney } from "@/lib/money";
import { StatusBadge } from "./status-badge";

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
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-2 pr-4 font-medium">Service</th>
            {show !== "provider" ? <th className="py-2 pr-4 font-medium">Provider</th> : null}
            {show !== "client" ? <th className="py-2 pr-4 font-medium">Client</th> : null}
            <th className="py-2 pr-4 font-medium">When</th>
            <th className="py-2 pr-4 font-medium">Price</th>
            <th className="py-2 pr-4 font-medium">Status</th>
            <th className="py-2 font-medium">Payment</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {bookings.map((b) => (
            <tr key={b.id}>
              <td className="py-2 pr-4 font-medium text-slate-900">{b.serviceTitle}</td>
              {show !== "provider" ? <td className="py-2 pr-4">{b.providerName}</td> : null}
              {show !== "client" ? <td className="py-2 pr-4">{b.clientName}</td> : null}
              <td className="py-2 pr-4 whitespace-nowrap">
                {new Date(b.scheduledAt).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })}
              </td>
              <td className="py-2 pr-4">{formatMoney(b.priceCents, currency)}</td>
              <td className="py-2 pr-4">
                <StatusBadge status={b.status} />
              </td>
              <td className="py-2">{b.payment ? <StatusBadge status={b.payment.status} /> : <span className="text-slate-500">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
