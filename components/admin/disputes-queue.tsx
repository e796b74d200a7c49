"use client";

import { useRef, useState } from "react";
import { Scale } from "lucide-react";
import { EmptyState } from "@/components/provider/empty-state";
import { useRealtimeEvent } from "@/hooks/use-realtime";
import { api } from "@/lib/api/browser";
import type { listOpenDisputes } from "@/lib/domain/disputes";
import type { BookingView } from "@/lib/domain/views";
import { DisputeCard } from "./dispute-card";

export type OpenDispute = Awaited<ReturnType<typeof listOpenDisputes>>[number];

/**
 * The open disputes, oldest first, live on every admin's page: admins hear each dispute
 * opened (`payment:updated` action `disputed`; the queue is read again for its timeline)
 * and each resolved (`dispute_resolved`, by whichever admin: it leaves the queue).
 */
export function DisputesQueue({ initial }: { initial: OpenDispute[] }) {
  const [disputes, setDisputes] = useState(initial);
  const [announcement, setAnnouncement] = useState("");
  const list = useRef<HTMLDivElement>(null);
  // A queue read before a resolution committed must not bring that dispute back.
  const resolved = useRef(new Set<string>());

  function remove(bookingId: string) {
    resolved.current.add(bookingId);
    setDisputes((current) => current.filter((d) => d.booking.id !== bookingId));
  }

  useRealtimeEvent("payment:updated", ({ action, booking }) => {
    if (action === "dispute_resolved") {
      remove(booking.id);
    } else if (action === "disputed") {
      setAnnouncement(`New dispute: ${booking.clientName} disputes ${booking.serviceTitle}`);
      void api<{ disputes: OpenDispute[] }>("/api/admin/disputes").then((result) => {
        if (result.ok) setDisputes(result.disputes.filter((d) => !resolved.current.has(d.booking.id)));
      });
    }
  });

  function onResolved(booking: BookingView) {
    remove(booking.id);
    setAnnouncement(`Resolved the dispute on ${booking.serviceTitle} for ${booking.clientName}`);
    // The card the focus was in is gone: the queue takes it, where the next dispute is.
    list.current?.focus();
  }

  return (
    <div ref={list} tabIndex={-1} className="rounded-lg focus:outline-none">
      <p role="status" className="sr-only">
        {announcement}
      </p>
      {disputes.length === 0 ? (
        <EmptyState Icon={Scale} title="No open disputes">
          When a client disputes completed work, it appears here at once.
        </EmptyState>
      ) : (
        <ol aria-label="Open disputes, oldest first" className="flex flex-col gap-4">
          {disputes.map((dispute) => (
            <li key={dispute.booking.id}>
              <DisputeCard dispute={dispute} onResolved={onResolved} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
