"use client";

import { useState } from "react";
import { Ban, Banknote, Check, CircleCheckBig, Loader2, Play, X, type LucideIcon } from "lucide-react";
import { BOOKING_TRANSITIONS, PAYABLE_BOOKING_STATUSES, type BookingAction } from "@/lib/domain/state-machines";
import type { BookingView } from "@/lib/domain/views";
import { ConfirmDialog } from "./confirm-dialog";
import type { BookingActionName } from "./use-booking-actions";

type Step = { action: BookingActionName; label: string; Icon: LucideIcon; tone: keyof typeof TONE };

const TONE = {
  primary: "bg-indigo-600 font-semibold text-white hover:bg-indigo-500 disabled:bg-indigo-400",
  secondary: "border border-slate-300 bg-white font-medium text-slate-800 hover:bg-slate-50 disabled:text-slate-400",
  danger: "font-medium text-red-700 hover:bg-red-50 disabled:text-red-300",
};

/** The steps of the work, in the order they come; each is offered in the states its transition leaves from. */
const WORK_STEPS: (Step & { action: BookingAction })[] = [
  { action: "accept", label: "Accept", Icon: Check, tone: "primary" },
  { action: "reject", label: "Reject", Icon: X, tone: "secondary" },
  { action: "start", label: "Start", Icon: Play, tone: "primary" },
  { action: "complete", label: "Complete", Icon: CircleCheckBig, tone: "primary" },
];

const CANCELLABLE = BOOKING_TRANSITIONS.cancel.from;
const VERIFY_CASH: Step = { action: "verify-cash", label: "Verify cash", Icon: Banknote, tone: "secondary" };
const CANCEL: Step = { action: "cancel", label: "Cancel", Icon: Ban, tone: "danger" };

function nextSteps(booking: BookingView): Step[] {
  const cashPromised = booking.payment?.method === "CASH" && booking.payment.status === "PENDING" && PAYABLE_BOOKING_STATUSES.includes(booking.status);
  const work = WORK_STEPS.filter((step) => BOOKING_TRANSITIONS[step.action].from.includes(booking.status));
  return [...work, ...(cashPromised ? [VERIFY_CASH] : [])];
}

/** Whether the provider has anything left to do with this booking. */
export function hasActions(booking: BookingView): boolean {
  return nextSteps(booking).length > 0 || CANCELLABLE.includes(booking.status);
}

/**
 * What the provider can do with a booking now: its next step, verifying a cash payment
 * that was promised, and cancelling (after a confirmation). While one runs, all wait.
 */
export function BookingActionBar({
  booking,
  running,
  onAction,
}: {
  booking: BookingView;
  running: BookingActionName | undefined;
  onAction: (action: BookingActionName) => void;
}) {
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const steps = nextSteps(booking);
  const cancellable = CANCELLABLE.includes(booking.status);
  if (!hasActions(booking)) return null;

  const button = (step: Step, onClick: () => void) => (
    <button
      key={step.action}
      type="button"
      onClick={onClick}
      disabled={running !== undefined}
      aria-busy={running === step.action}
      className={`inline-flex min-h-10 items-center gap-1.5 rounded-lg px-3.5 text-sm disabled:cursor-not-allowed ${TONE[step.tone]}`}
    >
      {running === step.action ? <Loader2 aria-hidden className="size-4 animate-spin" /> : <step.Icon aria-hidden className="size-4" />}
      {step.label}
    </button>
  );

  return (
    <>
      {steps.map((step) => button(step, () => onAction(step.action)))}
      {cancellable ? button(CANCEL, () => setConfirmingCancel(true)) : null}
      <ConfirmDialog
        open={confirmingCancel}
        title="Cancel this booking?"
        confirmLabel="Cancel booking"
        dismissLabel="Keep booking"
        onConfirm={() => onAction("cancel")}
        onClose={() => setConfirmingCancel(false)}
      >
        {booking.serviceTitle} for {booking.clientName} will be cancelled and the unit freed.
        {booking.payment && ["PAID", "ESCROW"].includes(booking.payment.status) ? " The client's payment is refunded." : null} This cannot be undone.
      </ConfirmDialog>
    </>
  );
}
