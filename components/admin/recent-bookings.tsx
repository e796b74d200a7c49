"use client";

import { useState, type FormEvent } from "react";
import toast from "react-hot-toast";
import { Ban } from "lucide-react";
import { fieldMessage } from "@/components/field-message";
import { StatusBadge } from "@/components/status-badge";
import { useRealtimeEvent, useRoom } from "@/hooks/use-realtime";
import { api } from "@/lib/api/browser";
import type { BookingView } from "@/lib/domain/views";
import { formatMoney } from "@/lib/money";
import { bookingRef } from "./booking-ref";

const DECLINABLE = new Set(["PENDING", "CONFIRMED"]);

/**
 * The newest bookings, kept current by every `booking:updated` and `payment:updated` (both
 * reach every admin: `booking.read`; new ones join at the top), with a Decline action and an optional reason on PENDING and
 * CONFIRMED ones: POST /api/admin/bookings/:id/decline.
 */
export function RecentBookings({ initial, limit, currency }: { initial: BookingView[]; limit: number; currency: string }) {
  const [bookings, setBookings] = useState(initial);
  const [declining, setDeclining] = useState<string | null>(null);
  useRoom("admin");

  const apply = (booking: BookingView) =>
    setBookings((current) => {
      const known = current.find((b) => b.id === booking.id);
      // Events can arrive out of order after a reconnection: never go back to an older state.
      if (known && known.updatedAt > booking.updatedAt) return current;
      const others = current.filter((b) => b.id !== booking.id);
      return [booking, ...others].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
    });
  useRealtimeEvent("booking:updated", ({ booking }) => apply(booking));
  // Every payment step reaches admins too, so a paid or released booking's badge moves with it.
  useRealtimeEvent("payment:updated", ({ booking }) => apply(booking));

  if (bookings.length === 0) return <p className="text-sm text-slate-600">No bookings yet. New ones appear here as clients make them.</p>;
  return (
    <ul aria-label="Recent bookings, newest first" className="divide-y divide-slate-100">
      {bookings.map((b) => (
        <li key={b.id} className="py-3">
          <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
            <div className="min-w-0 space-y-0.5 text-sm">
              <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <span className="font-medium text-slate-900">{b.serviceTitle}</span>
                <StatusBadge status={b.status} />
                {b.payment ? (
                  <span className="text-xs text-slate-600">
                    payment <StatusBadge status={b.payment.status} />
                  </span>
                ) : null}
              </p>
              <p className="text-slate-700">
                {b.clientName} <span className="text-slate-500">with</span> {b.providerName}
              </p>
              <p className="text-slate-600">
                <span className="font-mono">{bookingRef(b.id)}</span> ·{" "}
                <time dateTime={b.scheduledAt}>
                  {new Date(b.scheduledAt).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC
                </time>{" "}
                · <span className="tabular-nums">{formatMoney(b.priceCents, currency)}</span>
              </p>
            </div>
            {DECLINABLE.has(b.status) && declining !== b.id ? (
              <button
                type="button"
                id={`decline-${b.id}`}
                onClick={() => setDeclining(b.id)}
                className="flex items-center gap-1.5 rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-medium text-red-700 hover:border-red-300 hover:bg-red-50"
              >
                <Ban aria-hidden className="size-4" />
                Decline<span className="sr-only"> booking {bookingRef(b.id)}</span>
              </button>
            ) : null}
          </div>
          {DECLINABLE.has(b.status) && declining === b.id ? (
            <DeclineForm
              booking={b}
              onDone={(updated) => {
                setDeclining(null);
                if (updated) apply(updated);
                else document.getElementById(`decline-${b.id}`)?.focus();
              }}
            />
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** Asks for an optional reason, then declines; `onDone(booking)` after it worked, `onDone(null)` when kept. */
function DeclineForm({ booking, onDone }: { booking: BookingView; onDone: (updated: BookingView | null) => void }) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const inputId = `decline-reason-${booking.id}`;

  async function decline(event: FormEvent) {
    event.preventDefault();
    setSending(true);
    const trimmed = reason.trim();
    const result = await api<{ booking: BookingView }>(`/api/admin/bookings/${booking.id}/decline`, {
      method: "POST",
      body: trimmed ? { reason: trimmed } : {},
    });
    setSending(false);
    if (!result.ok) {
      setError(fieldMessage(result.error));
      return;
    }
    toast.success(`Declined ${booking.serviceTitle} for ${booking.clientName}`);
    onDone(result.booking);
  }

  return (
    <form
      onSubmit={decline}
      onKeyDown={(e) => {
        if (e.key === "Escape") onDone(null);
      }}
      aria-label={`Decline booking ${bookingRef(booking.id)}`}
      className="mt-3 flex flex-col gap-2 rounded-xl border border-red-200 bg-red-50/50 p-3 sm:flex-row sm:items-end"
    >
      <div className="min-w-0 flex-1">
        <label htmlFor={inputId} className="mb-1 block text-sm font-medium text-slate-900">
          Reason <span className="font-normal text-slate-600">(optional, sent to both parties)</span>
        </label>
        <input
          id={inputId}
          autoFocus
          value={reason}
          maxLength={500}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${inputId}-error` : undefined}
          placeholder="Provider unavailable that day"
          className="w-full rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm placeholder:text-slate-500 focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600/20"
        />
        {error ? (
          <p id={`${inputId}-error`} role="alert" className="mt-1 text-xs font-medium text-red-700">
            {error}
          </p>
        ) : null}
      </div>
      <div className="flex gap-2">
        <button
          type="submit"
          disabled={sending}
          className="rounded-lg bg-red-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-red-600 disabled:cursor-wait disabled:opacity-70"
        >
          {sending ? "Declining…" : "Decline booking"}
        </button>
        <button type="button" onClick={() => onDone(null)} className="rounded-lg px-3 py-1.5 text-sm text-slate-700 hover:bg-white">
          Keep
        </button>
      </div>
    </form>
  );
}
