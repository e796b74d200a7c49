"use client";

import { useState } from "react";
import { Ban, ClipboardList, Gavel, MessageSquare, SlidersHorizontal } from "lucide-react";
import { useRealtimeEvent } from "@/hooks/use-realtime";
import type { AuditEntry } from "@/lib/domain/audit";
import { formatMoney } from "@/lib/money";
import { utcTime } from "@/components/staff/utc-time";
import { bookingRef } from "./booking-ref";

/**
 * What admins did, newest first, as many as the server render showed (`limit`): each new
 * entry arrives live (`audit:new`), whichever admin acted. `serviceTitles` turns service ids
 * into names; amounts are in `currency`.
 */
export function AuditLog({
  initial,
  limit,
  serviceTitles,
  currency,
}: {
  initial: AuditEntry[];
  limit: number;
  serviceTitles: Record<string, string>;
  currency: string;
}) {
  const [entries, setEntries] = useState(initial);
  useRealtimeEvent("audit:new", ({ entry }) => setEntries((current) => [entry, ...current.filter((e) => e.id !== entry.id)].slice(0, limit)));

  return (
    <div className="space-y-3">
      {entries.length === 0 ? (
        <p className="text-sm text-slate-600">No admin actions yet. Availability changes and declined bookings are recorded here.</p>
      ) : (
        <ol aria-label="Admin actions, newest first" className="divide-y divide-slate-100">
          {entries.map((entry) => {
            const { Icon, text } = describe(entry, serviceTitles, currency);
            return (
              <li key={entry.id} className="flex gap-3 py-2.5 text-sm">
                <Icon aria-hidden className="mt-0.5 size-4 shrink-0 text-slate-500" />
                <div className="min-w-0 flex-1 sm:flex sm:items-baseline sm:justify-between sm:gap-4">
                  <p className="break-words text-slate-700">
                    <span className="font-medium text-slate-900">{entry.actorName}</span> {text}
                  </p>
                  <time dateTime={entry.createdAt} className="shrink-0 text-xs tabular-nums text-slate-600">
                    {utcTime(entry.createdAt, { withDate: true })}
                  </time>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}

const OUTCOMES: Record<string, string> = { refund: "refunded all of it", release: "released all of it", split: "split it" };

function describe(entry: AuditEntry, serviceTitles: Record<string, string>, currency: string): { Icon: typeof Ban; text: React.ReactNode } {
  const { details } = entry;
  const booking = <span className="font-mono text-slate-900">{bookingRef(entry.targetId)}</span>;
  switch (entry.action) {
    case "service.availability.set":
      return {
        Icon: SlidersHorizontal,
        text: (
          <>
            set <span className="font-medium text-slate-900">{serviceTitles[entry.targetId] ?? `service ${entry.targetId}`}</span> to{" "}
            {String(details.to)} available (was {String(details.from)})
          </>
        ),
      };
    case "booking.decline":
      return {
        Icon: Ban,
        text: (
          <>
            declined booking {booking} (was{" "}
            {String(details.from).toLowerCase()})
            {typeof details.reason === "string" && details.reason ? <>: “{details.reason}”</> : ", no reason given"}
          </>
        ),
      };
    case "dispute.resolve":
      return {
        Icon: Gavel,
        text: (
          <>
            resolved the dispute on booking {booking}: {OUTCOMES[String(details.outcome)] ?? String(details.outcome)}
            {details.outcome === "split" && typeof details.refundCents === "number" ? <> ({formatMoney(details.refundCents, currency)} back to the client)</> : null}
          </>
        ),
      };
    case "chat.read":
      return { Icon: MessageSquare, text: <>read the chat of disputed booking {booking}</> };
    default:
      return { Icon: ClipboardList, text: `${entry.action} on ${entry.targetType} ${entry.targetId}` };
  }
}
