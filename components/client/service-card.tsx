"use client";

import { useState } from "react";
import { useRoom } from "@/hooks/use-realtime";
import type { listServices } from "@/lib/domain/services";
import { formatMoney } from "@/lib/money";
import { BookingForm } from "./booking-form";
import { WatchToggle } from "./watch-toggle";
import { slotsOpen } from "@/lib/slots";

export type Service = Awaited<ReturnType<typeof listServices>>[number];

/**
 * One service with its availability, live from the service's room, and its booking form;
 * when it is full (or already watched), the toggle to be told when a spot opens.
 */
export function ServiceCard({
  service,
  currency,
  watching,
  onWatchChange,
}: {
  service: Service;
  currency: string;
  watching: boolean;
  onWatchChange: (watching: boolean) => void;
}) {
  useRoom(`service:${service.id}`);
  const full = service.available <= 0;
  // The toggle stays while it has focus, so a keyboard user who turns it off (or sees a spot
  // open) is not dropped back to the top of the page.
  const [toggleFocused, setToggleFocused] = useState(false);
  return (
    <li className="flex flex-col gap-4 rounded-xl border border-slate-200 p-4">
      <div className="flex flex-col gap-1">
        <div className="flex items-start justify-between gap-3">
          <h3 className="font-medium text-slate-900">{service.title}</h3>
          <span className="shrink-0 font-semibold tabular-nums text-slate-900">{formatMoney(service.priceCents, currency)}</span>
        </div>
        <p className="text-sm text-slate-600">
          {service.providerName} · {formatDuration(service.durationMinutes)}
        </p>
        {service.description ? <p className="text-sm text-slate-700">{service.description}</p> : null}
        <p
          className={`mt-1 inline-flex w-fit items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium tabular-nums ring-1 ring-inset ${
            full ? "bg-red-50 text-red-800 ring-red-600/20" : "bg-emerald-50 text-emerald-800 ring-emerald-600/20"
          }`}
        >
          <span aria-hidden className={`size-1.5 rounded-full ${full ? "bg-red-600" : "bg-emerald-600"}`} />
          {slotsOpen(service.available, service.capacity)}
        </p>
      </div>
      <div className="mt-auto flex flex-col gap-2">
        <BookingForm service={service} full={full} />
        {full || watching || toggleFocused ? (
          <div onFocus={() => setToggleFocused(true)} onBlur={() => setToggleFocused(false)}>
            <WatchToggle service={service} watching={watching} onChange={onWatchChange} />
          </div>
        ) : null}
      </div>
    </li>
  );
}

function formatDuration(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = minutes / 60;
  return Number.isInteger(hours) ? `${hours} h` : `${Math.floor(hours)} h ${minutes % 60} min`;
}
