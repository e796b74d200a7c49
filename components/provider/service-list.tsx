"use client";

import { PackageOpen } from "lucide-react";
import { useLiveAvailability } from "@/hooks/use-live-availability";
import { useRoom } from "@/hooks/use-realtime";
import { formatMoney } from "@/lib/money";
import { AlertThresholdSelect } from "./alert-threshold-select";
import { EmptyState } from "./empty-state";
import { slotsOpen } from "@/lib/slots";

type Service = { id: string; title: string; priceCents: number; durationMinutes: number; capacity: number; available: number };

/**
 * The provider's services with how many slots are open right now, from each service's
 * room, and the alert each one raises when its open slots run low.
 */
export function ServiceList({
  services: initial,
  thresholds,
  currency,
}: {
  services: Service[];
  thresholds: Record<string, number>;
  currency: string;
}) {
  const services = useLiveAvailability(initial);

  if (services.length === 0) {
    return (
      <EmptyState Icon={PackageOpen} title="No active services">
        Clients can book you once you offer a service.
      </EmptyState>
    );
  }
  return (
    <ul aria-label="My services" className="divide-y divide-slate-100">
      {services.map((s) => (
        <ServiceRow key={s.id} service={s} threshold={thresholds[s.id] ?? null} currency={currency} />
      ))}
    </ul>
  );
}

function ServiceRow({ service: s, threshold, currency }: { service: Service; threshold: number | null; currency: string }) {
  useRoom(`service:${s.id}`);
  const full = s.available === 0;
  return (
    <li data-service-id={s.id} className="py-3 text-sm">
      <div className="flex items-baseline justify-between gap-3">
        <span className="font-medium text-slate-900">{s.title}</span>
        <span className={`shrink-0 font-medium tabular-nums ${full ? "text-red-700" : "text-emerald-800"}`}>
          {slotsOpen(s.available, s.capacity)}
        </span>
      </div>
      <div className="mt-1 flex items-center justify-between gap-3 text-slate-600">
        <span>
          {formatMoney(s.priceCents, currency)} · {duration(s.durationMinutes)}
        </span>
        <span aria-hidden className="h-1.5 w-20 shrink-0 overflow-hidden rounded-full bg-slate-100">
          <span className="block h-full rounded-full bg-emerald-500" style={{ width: `${(100 * s.available) / Math.max(s.capacity, 1)}%` }} />
        </span>
      </div>
      <AlertThresholdSelect service={s} initial={threshold} />
    </li>
  );
}

/** 90 -> "1 h 30 min". */
function duration(minutes: number): string {
  const [h, m] = [Math.floor(minutes / 60), minutes % 60];
  return [h ? `${h} h` : "", m ? `${m} min` : ""].filter(Boolean).join(" ");
}
