"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import toast from "react-hot-toast";
import { Gavel, LoaderCircle } from "lucide-react";
import { BUTTON } from "@/components/client/button-styles";
import { fieldMessage } from "@/components/field-message";
import { api } from "@/lib/api/browser";
import type { BookingView } from "@/lib/domain/views";
import { formatMoney, parseMoney } from "@/lib/money";
import { FieldError, FormError } from "./field-error";

type Outcome = "refund" | "release" | "split";
type Field = "outcome" | "refundCents" | "note";

const NOTE_MAX = 1000;

/**
 * The admin's decision on an open dispute: all back to the client, all to the provider,
 * or a split with the client's part typed in the currency's major units (sent as whole
 * minor units). Checked here first (0 < refund < amount), then by the server, whose field
 * errors show under their fields. `onResolved` gets the booking as it now stands.
 */
export function DisputeResolution({ booking, onResolved }: { booking: BookingView & { payment: NonNullable<BookingView["payment"]> }; onResolved: (booking: BookingView) => void }) {
  const { amountCents, currency } = booking.payment;
  const money = (cents: number) => formatMoney(cents, currency);
  const id = useId();
  const amountInput = useRef<HTMLInputElement>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [amount, setAmount] = useState("");
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<Partial<Record<Field | "form", string>>>({});
  const [sending, setSending] = useState(false);
  const refundCents = outcome === "split" ? parseMoney(amount, currency) : null;

  const choices: { value: Outcome; label: string; detail: string }[] = [
    { value: "refund", label: "Refund all", detail: `${money(amountCents)} back to ${booking.clientName}` },
    { value: "release", label: "Release all", detail: `${money(amountCents)} to ${booking.providerName}` },
    { value: "split", label: "Split", detail: "part back to the client, the rest to the provider" },
  ];

  function check(): Partial<Record<Field, string>> {
    if (!outcome) return { outcome: "Choose an outcome" };
    if (outcome !== "split") return {};
    if (refundCents === null) return { refundCents: `Enter an amount in ${currency}, like ${money(Math.floor(amountCents / 2))}` };
    if (refundCents <= 0 || refundCents >= amountCents) return { refundCents: `Enter more than ${money(0)} and less than ${money(amountCents)}` };
    return {};
  }

  async function resolve(event: FormEvent) {
    event.preventDefault();
    const problems = check();
    if (Object.keys(problems).length > 0) {
      setErrors(problems);
      if (problems.refundCents) amountInput.current?.focus();
      return;
    }
    setSending(true);
    const trimmed = note.trim();
    const result = await api<{ booking: BookingView }>(`/api/admin/disputes/${booking.id}/resolve`, {
      method: "POST",
      body: { outcome, ...(outcome === "split" ? { refundCents } : {}), ...(trimmed ? { note: trimmed } : {}) },
    });
    setSending(false);
    if (!result.ok) {
      const field = result.error.field;
      const known = field === "outcome" || field === "refundCents" || field === "note";
      setErrors({ [known ? field : "form"]: known ? fieldMessage(result.error) : result.error.message });
      if (field === "refundCents") amountInput.current?.focus();
      return;
    }
    toast.success(`Dispute resolved: ${booking.serviceTitle} for ${booking.clientName}`);
    onResolved(result.booking);
  }

  const described = (field: Field, ...others: string[]) => [...others, errors[field] ? `${id}-${field}-error` : ""].filter(Boolean).join(" ") || undefined;

  return (
    <form onSubmit={resolve} noValidate aria-label="Resolve the dispute" className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-slate-50/60 p-3">
      <fieldset aria-describedby={described("outcome")}>
        <legend className="mb-1.5 text-sm font-medium text-slate-900">Outcome</legend>
        <div className="grid gap-2 sm:grid-cols-3">
          {choices.map((choice) => (
            <label
              key={choice.value}
              className="flex cursor-pointer items-start gap-2 rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm has-[:checked]:border-indigo-600 has-[:checked]:bg-indigo-50 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-indigo-600"
            >
              <input
                type="radio"
                name={`${id}-outcome`}
                value={choice.value}
                checked={outcome === choice.value}
                onChange={() => {
                  setOutcome(choice.value);
                  setErrors({});
                }}
                className="mt-0.5 accent-indigo-600"
              />
              <span>
                <span className="block font-medium text-slate-900">{choice.label}</span>
                <span className="block text-slate-600">{choice.detail}</span>
              </span>
            </label>
          ))}
        </div>
        <FieldError id={`${id}-outcome-error`} message={errors.outcome} />
      </fieldset>

      {outcome === "split" ? (
        <div>
          <label htmlFor={`${id}-amount`} className="mb-1 block text-sm font-medium text-slate-900">
            Back to {booking.clientName}, in {currency}
          </label>
          <input
            ref={amountInput}
            id={`${id}-amount`}
            inputMode="decimal"
            autoComplete="off"
            value={amount}
            onChange={(e) => {
              setAmount(e.target.value);
              setErrors((current) => ({ ...current, refundCents: undefined }));
            }}
            aria-invalid={errors.refundCents ? true : undefined}
            aria-describedby={described("refundCents", `${id}-amount-hint`)}
            className="w-40 rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm tabular-nums focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600/20 aria-[invalid=true]:border-red-600"
          />
          <p id={`${id}-amount-hint`} className="mt-1 text-xs text-slate-600">
            {refundCents !== null && refundCents > 0 && refundCents < amountCents
              ? `${money(refundCents)} back to ${booking.clientName}, ${money(amountCents - refundCents)} to ${booking.providerName} (less the platform fee).`
              : `Of the ${money(amountCents)}; the rest goes to ${booking.providerName}.`}
          </p>
          <FieldError id={`${id}-refundCents-error`} message={errors.refundCents} />
        </div>
      ) : null}

      <div>
        <label htmlFor={`${id}-note`} className="mb-1 block text-sm font-medium text-slate-900">
          Note <span className="font-normal text-slate-600">(optional, both parties see it)</span>
        </label>
        <textarea
          id={`${id}-note`}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          rows={2}
          maxLength={NOTE_MAX}
          aria-invalid={errors.note ? true : undefined}
          aria-describedby={described("note")}
          className="block w-full resize-y rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600/20 aria-[invalid=true]:border-red-600"
        />
        <FieldError id={`${id}-note-error`} message={errors.note} />
      </div>

      <FormError message={errors.form} />

      <button type="submit" disabled={sending} className={`${BUTTON.primary} self-start`}>
        {sending ? <LoaderCircle aria-hidden className="size-4 animate-spin" /> : <Gavel aria-hidden className="size-4" />}
        Resolve dispute
      </button>
    </form>
  );
}
