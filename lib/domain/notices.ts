import { config } from "../config";
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

export type PaymentEventAction = "paid" | "escrowed" | "pending" | "released" | "refunded" | "failed";

export function paymentNotices(action: PaymentEventAction, b: BookingView, amountCents: number): Notice[] {
  const money = formatMoney(amountCents, config().currency);
  const notice = noticesAbout("payment", b, action);
  switch (action) {
    case "paid":
      return [];
    case "escrowed":
      return [
        notice("client", "Payment held in escrow", `${money} for ${b.serviceTitle} is held until the work is done.`, "medium"),
        notice("provider", "Payment held in escrow", `${b.clientName} paid ${money} for ${b.serviceTitle}.`, "medium"),
      ];
    case "pending":
      return [notice("provider", "Cash payment to verify", `${b.clientName} will pay ${money} in cash for ${b.serviceTitle}.`, "high")];
    case "released":
      return [notice("provider", "Payment released", `${money} for ${b.serviceTitle} was released to you.`, "medium")];
    case "refunded":
      return [notice("client", "Payment refunded", `${money} for ${b.serviceTitle} was refunded.`, "high")];
    case "failed":
      return [notice("client", "Payment failed", `Your payment of ${money} for ${b.serviceTitle} failed.`, "critical")];
  }
}

export type PayoutEventAction = "created" | "processing" | "completed" | "failed";

export function payoutNotice(action: PayoutEventAction, amountCents: number): NotificationInput | null {
  const money = formatMoney(amountCents, config().currency);
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
