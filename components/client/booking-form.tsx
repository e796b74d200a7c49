"use client";

import { useId, useState, type FormEvent } from "react";
import { CalendarPlus, LoaderCircle } from "lucide-react";
import toast from "react-hot-toast";
import { api } from "@/lib/api/browser";
import type { BookingView } from "@/lib/domain/views";
import { useBookings } from "./bookings-provider";
import { BUTTON } from "./button-styles";
import { useHydrated } from "./use-hydrated";

/**
 * Books one unit of a service for a date and time the client picks (in their own time
 * zone; sent as ISO). A refused time is explained under the field; a service that filled
 * up meanwhile is a toast, since the card already shows it live.
 */
export function BookingForm({ service, full }: { service: { id: string; title: string }; full: boolean }) {
  const hydrated = useHydrated();
  const { upsert } = useBookings();
  const [picked, setPicked] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const fieldId = useId();
  const errorId = useId();
  // Until the client picks, the field offers tomorrow at 10:00, known only in the browser.
  const value = picked ?? (hydrated ? toLocalInputValue(tomorrowAtTen()) : "");

  async function book(event: FormEvent) {
    event.preventDefault();
    const scheduledAt = value ? new Date(value) : null;
    if (!scheduledAt || Number.isNaN(scheduledAt.getTime())) return setError("Choose a date and time.");
    setError(null);
    setPending(true);
    const result = await api<{ booking: BookingView }>("/api/bookings", {
      method: "POST",
      body: { serviceId: service.id, scheduledAt: scheduledAt.toISOString() },
    });
    setPending(false);
    if (result.ok) {
      upsert(result.booking);
      toast.success(`${service.title} requested`);
    } else if (result.error.field === "scheduledAt") {
      setError(fieldMessage(result.error.field, result.error.message));
    } else if (result.error.code === "NO_AVAILABILITY") {
      toast.error(`${service.title} is fully booked right now`);
    } else {
      toast.error(result.error.message);
    }
  }

  return (
    <form onSubmit={book} noValidate className="flex flex-col gap-2">
      <label htmlFor={fieldId} className="text-sm font-medium text-slate-700">
        Date and time
      </label>
      <input
        id={fieldId}
        type="datetime-local"
        value={value}
        min={hydrated ? toLocalInputValue(new Date()) : undefined}
        onChange={(e) => {
          setPicked(e.target.value);
          setError(null);
        }}
        disabled={full}
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        className="block w-full min-w-0 rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-xs focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600/20 disabled:bg-slate-50 disabled:text-slate-500 aria-invalid:border-red-600"
      />
      {error ? (
        <p id={errorId} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={full || pending} className={BUTTON.primary}>
        {pending ? <LoaderCircle aria-hidden className="size-4 animate-spin" /> : <CalendarPlus aria-hidden className="size-4" />}
        {full ? "Fully booked" : "Book"}
        <span className="sr-only"> {service.title}</span>
      </button>
    </form>
  );
}

function tomorrowAtTen(): Date {
  const date = new Date();
  date.setDate(date.getDate() + 1);
  date.setHours(10, 0, 0, 0);
  return date;
}

/** The `YYYY-MM-DDTHH:mm` a datetime-local input holds, in the browser's time zone. */
function toLocalInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The API writes "scheduledAt: must be in the future"; under the field, the field's name is implied. */
function fieldMessage(field: string, message: string): string {
  const text = message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
