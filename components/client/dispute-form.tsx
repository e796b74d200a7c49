"use client";

import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { LoaderCircle, Scale } from "lucide-react";
import { fieldMessage } from "@/components/field-message";
import { BUTTON } from "./button-styles";
import { useBookingAction } from "./use-booking-action";

/** The server's bounds on a reason (openDisputeBodySchema), checked here first so the client hears at once. */
const MIN_REASON = 10;
const MAX_REASON = 2000;

/**
 * Asks what went wrong and opens the dispute: POST /api/bookings/:id/dispute. A reason
 * out of bounds (here or by the server) is said under the field, which keeps the focus;
 * Escape or "Back" closes the form (`onClose`), and the opener takes the focus back.
 */
export function DisputeForm({ bookingId, onClose, onOpened }: { bookingId: string; onClose: () => void; onOpened: () => void }) {
  const { pending, run } = useBookingAction();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  useEffect(() => input.current?.focus(), []);

  function refuse(message: string) {
    setError(message);
    input.current?.focus();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = reason.trim();
    if (trimmed.length < MIN_REASON) return refuse(`Say what went wrong, in at least ${MIN_REASON} characters.`);
    const result = await run("dispute", `/api/bookings/${bookingId}/dispute`, { body: { reason: trimmed }, handles: (e) => e.field === "reason" });
    if (result.ok) onOpened();
    else if (result.error.field === "reason") refuse(fieldMessage(result.error));
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Open a dispute" onKeyDown={(e) => e.key === "Escape" && onClose()} className="flex flex-col gap-2">
      <label htmlFor={`${id}-reason`} className="text-sm font-medium text-slate-900">
        What went wrong?
      </label>
      <textarea
        ref={input}
        id={`${id}-reason`}
        value={reason}
        onChange={(e) => {
          setReason(e.target.value);
          setError(null);
        }}
        rows={3}
        maxLength={MAX_REASON}
        aria-invalid={error ? true : undefined}
        aria-describedby={[error ? `${id}-error` : "", `${id}-hint`].filter(Boolean).join(" ")}
        className="block w-full resize-y rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600/20 aria-invalid:border-red-600"
      />
      <div className="flex flex-wrap justify-between gap-x-3 text-xs">
        {error ? (
          <p id={`${id}-error`} role="alert" className="font-medium text-red-700">
            {error}
          </p>
        ) : null}
        <p id={`${id}-hint`} className="ml-auto tabular-nums text-slate-600">
          {reason.trim().length} / {MAX_REASON}
          <span className="sr-only"> characters, at least {MIN_REASON}</span>
        </p>
      </div>
      <div className="flex flex-wrap justify-end gap-2">
        <button type="button" onClick={onClose} className={BUTTON.secondary}>
          Back
        </button>
        <button type="submit" disabled={pending !== null} className={BUTTON.danger}>
          {pending ? <LoaderCircle aria-hidden className="size-4 animate-spin" /> : <Scale aria-hidden className="size-4" />}
          Open dispute
        </button>
      </div>
    </form>
  );
}
