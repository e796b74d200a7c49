import { formatMoney } from "../money";
import type { BookingEventAction } from "./state-machines";
import type { NotificationInput } from "./transaction";
import type { BookingView } from "./views";

/**
 * The human side of every state change: who hears about it, in what words and how
 * urgently. Kept as data so the wording lives in one place and the domain code stays
 * about state. Priority `critical` is what preferences cannot mute (see
 * lib/domain/preference-rules.ts): a failed payment or payout, a booking the other side
 * cancelled, a booking an administrator declined.
 */

export type Party = "client" | "provider";
type Notice = NotificationInput & { to: Party };

function when(booking: BookingView): string {
  return new Date(booking.scheduledAt).toLocaleString("en-US", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "UTC",
  }) + " UTC";
}

/** A maker of notices of one kind about one booking and action. */
function noticesAbout(type: Notice["type"], b: BookingView, action: string) {
  const data = { bookingId: b.id, action };
  return (to: Party, title: string, body: string, priority: Notice["priority"]): Notice => ({ to, type, title, body, priority, data });
}

/**
 * Who hears of a booking change. `reason` is an administrator's reason for declining;
 * `cancelledBy` the side that cancelled, when a person did.
 */
export function bookingNotices(action: BookingEventAction, b: BookingView, reason?: string, cancelledBy?: Party): Notice[] {
  const notice = noticesAbout("booking", b, action);
  switch (action) {
    case "created":
      return [
        notice("provider", "New booking request", `${b.clientName} requested ${b.serviceTitle} for ${when(b)}.`, "high"),
        notice("client", "Booking requested", `Waiting for ${b.providerName} to accept ${b.serviceTitle}.`, "low"),
      ];
    case "renewed":
      return [notice("provider", "Booking request renewed", `${b.clientName} renewed the request for ${b.serviceTitle}.`, "high")];
    case "accepted":
      return [notice("client", "Your booking was accepted", `${b.providerName} accepted ${b.serviceTitle} for ${when(b)}.`, "high")];
    case "rejected":
      return [notice("client", "Your booking was rejected", `${b.providerName} cannot take ${b.serviceTitle}.`, "high")];
    case "started":
      return [notice("client", "Your service has started", `${b.providerName} started ${b.serviceTitle}.`, "medium")];
    case "completed":
      return [
        notice("client", "Your service is complete", `${b.serviceTitle} with ${b.providerName} is done.`, "medium"),
        notice("provider", "Booking completed", `${b.serviceTitle} for ${b.clientName} is complete.`, "low"),
      ];
    case "cancelled": {
      // Whoever cancelled hears it quietly; the other side was counting on the booking, so
      // for them it is critical (it cannot be muted).
      const priority = (party: Party): Notice["priority"] => (!cancelledBy ? "high" : party === cancelledBy ? "low" : "critical");
      return [
        notice("client", "Booking cancelled", `${b.serviceTitle} on ${when(b)} was cancelled.`, priority("client")),
        notice("provider", "Booking cancelled", `${b.serviceTitle} for ${b.clientName} on ${when(b)} was cancelled.`, priority("provider")),
      ];
    }
    case "expiring":
      return [notice("client", "Your hold is about to expire", `The hold on ${b.serviceTitle} runs out soon unless ${b.providerName} accepts.`, "high")];
    case "expired":
      return [
        notice("client", "Your booking hold expired", `${b.serviceTitle} was not accepted in time. You can renew it.`, "high"),
        notice("provider", "Booking request expired", `The request from ${b.clientName} for ${b.serviceTitle} expired.`, "low"),
      ];
    case "declined": {
      const why = reason ? ` Reason: ${reason}` : "";
      return [
        notice("client", "Booking declined", `An administrator declined ${b.serviceTitle}.${why}`, "critical"),
        notice("provider", "Booking declined", `An administrator declined ${b.serviceTitle} for ${b.clientName}.${why}`, "critical"),
      ];
    }
  }
}

export type PaymentEventAction =
  | "pending"
  | "paid"
  | "escrowed"
  | "released"
  | "refunded"
  | "partially_refunded"
  | "failed"
  | "disputed"
  | "dispute_resolved";

type PaymentNotice = NotificationInput & { to: Party | "admins" };
type PaymentFacts = {
  method: "CARD" | "CASH";
  status: string;
  amountCents: number;
  refundedCents: number;
  currency: string;
  /** What the provider gets of the money not refunded, after the platform fee. */
  providerShareCents: number;
};

/** Who hears of a payment's step, in the payment's own currency. */
export function paymentNotices(action: PaymentEventAction, b: BookingView, payment: PaymentFacts): PaymentNotice[] {
  const money = (cents: number) => formatMoney(cents, payment.currency);
  const amount = money(payment.amountCents);
  const refunded = money(payment.refundedCents);
  const kept = money(payment.amountCents - payment.refundedCents);
  const cash = payment.method === "CASH";
  const data = { bookingId: b.id, action };
  const notice = (to: PaymentNotice["to"], title: string, body: string, priority: Notice["priority"]): PaymentNotice => ({ to, type: "payment", title, body, priority, data });
  switch (action) {
    case "pending":
      return cash ? [notice("provider", "Cash payment to verify", `${b.clientName} will pay ${amount} in cash for ${b.serviceTitle}.`, "high")] : [];
    case "paid":
      return cash ? [notice("client", "Cash payment recorded", `${b.providerName} recorded your ${amount} cash payment for ${b.serviceTitle}.`, "low")] : [];
    case "escrowed":
      return [
        notice("client", "Payment held in escrow", `${amount} for ${b.serviceTitle} is held until the work is done.`, "medium"),
        notice("provider", "Payment held in escrow", `${b.clientName} paid ${amount} for ${b.serviceTitle}.`, "medium"),
      ];
    case "released":
      return cash
        ? [notice("provider", "Cash job settled", `${b.serviceTitle} is settled; the platform fee on ${amount} is added to what you owe.`, "low")]
        : [
            notice("provider", "Payment released", `${amount} for ${b.serviceTitle} was released to you; your payout is ${money(payment.providerShareCents)} after the platform fee.`, "medium"),
            notice("client", "Payment released", `${amount} for ${b.serviceTitle} was released to ${b.providerName}.`, "low"),
          ];
    case "refunded":
      return cash
        ? [
            notice("client", "Cash to be returned", `${b.providerName} owes you ${refunded} in cash for ${b.serviceTitle}.`, "high"),
            notice("provider", "Return the cash", `Give ${b.clientName} back the ${refunded} paid in cash for ${b.serviceTitle}.`, "high"),
          ]
        : [notice("client", "Payment refunded", `${refunded} for ${b.serviceTitle} was refunded.`, "high")];
    case "partially_refunded":
      return [
        notice("client", `${refunded} refunded`, `${refunded} of ${amount} for ${b.serviceTitle} goes back to you; ${kept} goes to ${b.providerName}.`, "high"),
        cash
          ? notice("provider", "Return part of the cash", `Give ${b.clientName} back ${refunded} of the ${amount} paid in cash for ${b.serviceTitle}; the platform fee on the ${kept} you keep is added to what you owe.`, "high")
          : notice("provider", `${money(payment.providerShareCents)} for you`, `Of ${amount} for ${b.serviceTitle}, ${refunded} goes back to ${b.clientName}; you get ${money(payment.providerShareCents)} after the platform fee.`, "medium"),
      ];
    case "failed":
      return cash ? [] : [notice("client", "Payment failed", `Your payment of ${amount} for ${b.serviceTitle} failed.`, "critical")];
    case "disputed":
      return [
        notice("client", "Dispute opened", `An administrator will review ${b.serviceTitle}; the ${amount} stays in escrow meanwhile.`, "low"),
        notice("provider", "Your client opened a dispute", `${b.clientName} disputes ${b.serviceTitle}; the ${amount} stays in escrow until an administrator decides.`, "high"),
        notice("admins", "New dispute", `${b.clientName} disputes ${b.serviceTitle} with ${b.providerName} (${amount}).`, "high"),
      ];
    case "dispute_resolved": {
      // Each reader is named as "you"; the admins read both names.
      const outcome = (client: string, provider: string) =>
        payment.status === "REFUNDED"
          ? `${refunded} goes back to ${client}.`
          : payment.status === "RELEASED"
            ? `${amount} goes to ${provider}.`
            : `${refunded} goes back to ${client} and ${kept} to ${provider}.`;
      return [
        notice("client", "Dispute resolved", `${b.serviceTitle}: ${outcome("you", b.providerName)}`, "high"),
        notice("provider", "Dispute resolved", `${b.serviceTitle}: ${outcome(b.clientName, "you")}`, "high"),
        notice("admins", "Dispute resolved", `${b.serviceTitle}: ${outcome(b.clientName, b.providerName)}`, "low"),
      ];
    }
  }
}

export type PayoutEventAction = "created" | "processing" | "completed" | "failed";

export function payoutNotice(action: PayoutEventAction, amountCents: number, currency: string): NotificationInput | null {
  const money = formatMoney(amountCents, currency);
  switch (action) {
    case "created":
    case "processing":
      return null;
    case "completed":
      return { type: "payout", title: `${money} paid out`, body: `Your payout of ${money} has been sent.`, priority: "medium" };
    case "failed":
      return { type: "payout", title: "Payout failed", body: `Your payout of ${money} could not be sent. Our team has been told.`, priority: "critical" };
  }
}
