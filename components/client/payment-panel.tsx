"use client";

import { Banknote, CreditCard, LoaderCircle } from "lucide-react";
import { StatusBadge } from "@/components/status-badge";
import { PAYABLE_BOOKING_STATUSES } from "@/lib/domain/state-machines";
import type { BookingView } from "@/lib/domain/views";
import { formatMoney } from "@/lib/money";
import { BUTTON } from "./button-styles";
import { useBookingAction } from "./use-booking-action";

type Payment = NonNullable<BookingView["payment"]>;

/** A payment that ended without the money being kept can be made again. */
const RETRYABLE_PAYMENTS: readonly string[] = ["FAILED", "REFUNDED"];

const METHODS = [
  { method: "CARD", label: "Pay by card", Icon: CreditCard },
  { method: "CASH", label: "Pay in cash", Icon: Banknote },
] as const;

/** What the client's money is doing for this booking, and the buttons to pay when it can be paid. */
export function PaymentPanel({ booking, currency }: { booking: BookingView; currency: string }) {
  const { pending, run } = useBookingAction();
  const { payment } = booking;
  const payable = PAYABLE_BOOKING_STATUSES.includes(booking.status) && (!payment || RETRYABLE_PAYMENTS.includes(payment.status));
  const Icon = payment?.method === "CASH" ? Banknote : CreditCard;
  return (
    <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
      <p className="flex min-w-0 items-center gap-2 text-sm text-slate-700">
        <Icon aria-hidden className="size-4 shrink-0 text-slate-500" />
        <span className="sr-only">Payment:</span>
        {payment ? <StatusBadge status={payment.status} /> : null}
        <span>{describePayment(payment, payable, booking, currency)}</span>
      </p>
      {payable ? (
        <div role="group" aria-label={`Pay ${formatMoney(booking.priceCents, currency)}`} className="flex flex-wrap gap-2">
          {METHODS.map(({ method, label, Icon: MethodIcon }) => (
            <button
              key={method}
              type="button"
              disabled={pending !== null}
              onClick={() => void run(method, `/api/payments/${booking.id}/pay`, { body: { method } })}
              className={BUTTON.secondary}
            >
              {pending === method ? <LoaderCircle aria-hidden className="size-4 animate-spin" /> : <MethodIcon aria-hidden className="size-4" />}
              {label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}

function describePayment(payment: Payment | null, payable: boolean, booking: BookingView, currency: string): string {
  const money = (cents: number) => formatMoney(cents, payment?.currency ?? currency);
  const amount = money(payment?.amountCents ?? booking.priceCents);
  if (!payment) return payable ? `Not paid yet · ${amount}` : "Nothing was charged";
  const cash = payment.method === "CASH";
  const refunded = money(payment.refundedCents);
  const kept = money(payment.amountCents - payment.refundedCents);
  const provider = booking.providerName;
  switch (payment.status) {
    case "PENDING":
      return cash ? "Pay the provider in cash; they will confirm" : "Confirming your card payment…";
    case "PAID":
      return cash ? `${amount} paid in cash to ${provider}` : `${amount} charged to your card`;
    case "ESCROW":
      return booking.status === "COMPLETED" ? `${amount} held in escrow until you confirm the work` : `${amount} held in escrow until the work is done`;
    case "DISPUTED":
      return `${amount} held while an administrator reviews your dispute`;
    case "PARTIALLY_REFUNDED":
      // Cash was in the provider's hand: they give the refund back themselves.
      return cash ? `${provider} owes you ${refunded} back in cash and keeps ${kept}` : `${refunded} refunded, ${kept} paid to ${provider}`;
    case "RELEASED":
      return cash ? `${amount} paid in cash to ${provider}` : `${amount} paid to ${provider}`;
    case "FAILED":
      // Also how an unverified cash promise ends when the booking does not go ahead.
      return payable ? "The payment did not go through; try again" : "Nothing was charged";
    case "REFUNDED":
      return cash ? `${provider} owes you ${refunded} back in cash` : `${refunded} refunded`;
  }
}
