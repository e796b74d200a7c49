"use client";

import { useId, useState } from "react";
import toast from "react-hot-toast";
import { api } from "@/lib/api/browser";
import { slots } from "@/lib/slots";

/**
 * The provider's low-availability alert for one service: off, or the number of open slots
 * at which they are warned (below the capacity; 0 means when it is fully booked). Saved as
 * soon as it is chosen.
 */
export function AlertThresholdSelect({
  service,
  initial,
}: {
  service: { id: string; title: string; capacity: number };
  initial: number | null;
}) {
  const [threshold, setThreshold] = useState(initial);
  const [pending, setPending] = useState(false);
  const id = useId();

  async function choose(value: string) {
    const next = value === "" ? null : Number(value);
    const before = threshold;
    setThreshold(next);
    setPending(true);
    const result = await api<{ threshold: number | null }>(`/api/services/${service.id}/alert-threshold`, { method: "PUT", body: { threshold: next } });
    setPending(false);
    if (result.ok) {
      toast.success(next === null ? `Alert for ${service.title} turned off` : `We will warn you when ${service.title} ${describe(next)}`);
    } else {
      setThreshold(before);
      toast.error(result.error.message);
    }
  }

  return (
    <div className="mt-2 flex items-center justify-between gap-3">
      <label htmlFor={id} className="whitespace-nowrap text-slate-600">
        Low-availability alert<span className="sr-only"> for {service.title}</span>
      </label>
      <select
        id={id}
        value={threshold ?? ""}
        disabled={pending}
        onChange={(e) => void choose(e.target.value)}
        className="min-w-0 rounded-lg border border-slate-300 bg-white py-1 pl-2 pr-7 text-sm text-slate-900 focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600/20 disabled:opacity-60"
      >
        <option value="">Off</option>
        {Array.from({ length: service.capacity }, (_, units) => (
          <option key={units} value={units}>
            {units === 0 ? "When full" : `At ${slots(units)} open`}
          </option>
        ))}
      </select>
    </div>
  );
}

function describe(threshold: number): string {
  return threshold === 0 ? "is fully booked" : `is down to ${slots(threshold)} open`;
}
