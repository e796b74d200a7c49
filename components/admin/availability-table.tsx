"use client";

import { useState, type FormEvent } from "react";
import toast from "react-hot-toast";
import { fieldMessage } from "@/components/field-message";
import { useRealtimeEvent, useRoom } from "@/hooks/use-realtime";
import { api } from "@/lib/api/browser";
import { slotsOpen } from "@/lib/slots";

export type ServiceAvailability = { id: string; title: string; providerName?: string; capacity: number; available: number };
type AvailabilityUpdate = { serviceId: string; available: number; capacity: number };

// A table from `md` up; on a phone each service is a card with its form on the second line.
const ROW = "grid grid-cols-[minmax(0,1fr)_auto] items-center gap-x-4 gap-y-2 py-3 md:table-row md:py-0";
const CELL = "md:py-3 md:pr-4 md:align-middle";
const HEAD = "py-2 pr-4 font-medium";

/**
 * Every service's open slots (its free units), live (`availability:updated` from each
 * `service:<id>` room), with a form per service to set them by hand: PUT
 * /api/admin/services/:id/availability. From `md` the columns have fixed widths, so a
 * field's error (wrapping under its form) never moves them.
 */
export function AvailabilityTable({ initial }: { initial: ServiceAvailability[] }) {
  const [services, setServices] = useState(initial);
  const apply = ({ serviceId, available, capacity }: AvailabilityUpdate) =>
    setServices((current) => current.map((s) => (s.id === serviceId ? { ...s, available, capacity } : s)));
  useRealtimeEvent("availability:updated", apply);

  if (services.length === 0) return <p className="text-sm text-slate-600">No active services.</p>;
  return (
    <div className="md:overflow-x-auto">
      <table className="w-full text-left text-sm md:table-fixed">
        <caption className="sr-only">Open slots per service, updated live</caption>
        <colgroup>
          <col />
          <col className="md:w-52" />
          <col className="md:w-72" />
        </colgroup>
        <thead className="text-xs uppercase tracking-wide text-slate-600 max-md:sr-only">
          <tr>
            <th className={HEAD}>Service</th>
            <th className={HEAD}>Open now</th>
            <th className="py-2 font-medium">Set open slots</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {services.map((service) => (
            <AvailabilityRow key={service.id} service={service} onSaved={apply} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AvailabilityRow({ service, onSaved }: { service: ServiceAvailability; onSaved: (update: AvailabilityUpdate) => void }) {
  useRoom(`service:${service.id}`);
  // null: the input follows the live value; a string: the admin is typing, keep it.
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const value = draft ?? String(service.available);
  const inputId = `availability-${service.id}`;
  const errorId = `${inputId}-error`;

  async function save(event: FormEvent) {
    event.preventDefault();
    const available = Number(value);
    if (value.trim() === "" || !Number.isInteger(available) || available < 0 || available > service.capacity) {
      setError(`Enter a whole number from 0 to ${service.capacity}`);
      return;
    }
    setSaving(true);
    const result = await api<{ service: ServiceAvailability }>(`/api/admin/services/${service.id}/availability`, {
      method: "PUT",
      body: { available },
    });
    setSaving(false);
    if (!result.ok) {
      setError(fieldMessage(result.error));
      return;
    }
    setError(null);
    setDraft(null);
    onSaved({ serviceId: service.id, available: result.service.available, capacity: result.service.capacity });
    toast.success(`${service.title}: ${slotsOpen(result.service.available, result.service.capacity)}`);
  }

  const free = service.available;
  return (
    <tr className={ROW}>
      <td className={`${CELL} col-start-1 row-start-1`}>
        <span className="block font-medium text-slate-900">{service.title}</span>
        {service.providerName ? <span className="text-slate-600">{service.providerName}</span> : null}
      </td>
      <td className={`${CELL} col-start-2 row-start-1 text-right md:text-left`}>
        <span className="inline-flex items-center gap-2">
          <span aria-hidden className="h-2 w-16 overflow-hidden rounded-full bg-slate-100 max-sm:hidden">
            <span
              className={`block h-full rounded-full transition-[width] duration-500 ${free === 0 ? "bg-red-500" : "bg-emerald-500"}`}
              style={{ width: `${(free / Math.max(1, service.capacity)) * 100}%` }}
            />
          </span>
          <span className={`tabular-nums ${free === 0 ? "font-medium text-red-700" : "text-slate-900"}`}>
            {slotsOpen(free, service.capacity)}
          </span>
        </span>
      </td>
      <td className={`${CELL} col-span-2 md:pr-0`}>
        <form onSubmit={save} noValidate className="flex flex-wrap items-center gap-2">
          <label htmlFor={inputId} className="sr-only">
            Open slots of {service.title} (0 to {service.capacity})
          </label>
          <input
            id={inputId}
            type="number"
            inputMode="numeric"
            min={0}
            max={service.capacity}
            step={1}
            value={value}
            onChange={(e) => {
              setDraft(e.target.value);
              setError(null);
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            className="w-20 rounded-lg border border-slate-300 px-3 py-1.5 text-sm tabular-nums focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600/20 aria-[invalid=true]:border-red-600"
          />
          <button
            type="submit"
            disabled={saving || draft === null || draft === String(service.available)}
            className="rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-900 hover:bg-slate-50 disabled:cursor-not-allowed disabled:text-slate-400 disabled:hover:bg-white"
          >
            {saving ? "Saving…" : "Save"}
            <span className="sr-only"> open slots of {service.title}</span>
          </button>
          {draft !== null ? (
            <button
              type="button"
              onClick={() => {
                setDraft(null);
                setError(null);
              }}
              className="rounded-lg px-2 py-1.5 text-sm text-slate-600 hover:text-slate-900"
            >
              Reset<span className="sr-only"> {service.title} to the live value</span>
            </button>
          ) : null}
          {error ? (
            <p id={errorId} role="alert" className="w-full text-xs font-medium text-red-700">
              {error}
            </p>
          ) : null}
        </form>
      </td>
    </tr>
  );
}
