import type { Payment } from "../generated/sqlite/client";
import { lockBooking, type LockedBooking } from "./booking-lock";
import { conflict, notFound } from "./errors";
import { holdCapturedMoney, recordCapture, setPaymentStatus, settle } from "./payments";
import type { Outbox } from "./transaction";
import { transaction } from "./transaction";
import { currentPayment } from "./views";

export type WebhookOutcome = "applied" | "unchanged" | "ignored";

/** One event from the processor: its own event id, and what happened to which payment. */
export type PaymentReport = {
  id: string;
  bookingId: string;
  /** The attempt it is about; absent, the booking's newest. */
  paymentId?: string;
  status: "PAID" | "ESCROW" | "FAILED" | "REFUNDED";
};

/**
 * Applies a processor event once. The event id is the key: a replay is answered from its
 * receipt and changes nothing; two events with different ids are two events, whatever
 * their bodies. A report the payment has already passed is "unchanged" (out of order);
 * one no legal step leads to is "ignored". Both are kept as receipts rather than refused,
 * since a processor would only retry them.
 */
export async function applyPaymentReport(report: PaymentReport) {
  try {
    return await applyOnce(report);
  } catch (error) {
    // The same event id committed concurrently for another booking: answered as a replay would be.
    if ((error as { code?: string }).code === "P2002") return applyOnce(report);
    throw error;
  }
}

async function applyOnce(report: PaymentReport) {
  return transaction(async (outbox) => {
    const { tx } = outbox;
    const booking = await lockBooking(tx, report.bookingId);
    const seen = await tx.webhookReceipt.findUnique({ where: { id: report.id } });
    if (seen) {
      const samePayment = !report.paymentId || report.paymentId === seen.paymentId;
      if (seen.bookingId !== report.bookingId || seen.status !== report.status || !samePayment) {
        throw conflict("EVENT_ID_REUSED", `Event ${report.id} was received before with different content`);
      }
      const payment = seen.paymentId ? await tx.payment.findUnique({ where: { id: seen.paymentId } }) : null;
      return { outcome: seen.outcome as WebhookOutcome, replay: true, status: payment?.status ?? null };
    }
    const payment = report.paymentId ? await tx.payment.findFirst({ where: { id: report.paymentId, bookingId: booking.id } }) : currentPayment(booking);
    if (!payment) throw notFound("Payment");
    if (payment.method !== "CARD") throw conflict("NOT_CARD", "The processor reports on card payments only; this one is cash");
    const outcome = await applyReport(outbox, booking, payment, report.status);
    await tx.webhookReceipt.create({ data: { id: report.id, bookingId: booking.id, paymentId: payment.id, status: report.status, outcome } });
    const after = await tx.payment.findUniqueOrThrow({ where: { id: payment.id } });
    return { outcome, replay: false, status: after.status };
  });
}

async function applyReport(outbox: Outbox, booking: LockedBooking, payment: Payment, status: PaymentReport["status"]): Promise<WebhookOutcome> {
  switch (status) {
    case "PAID":
    case "ESCROW": // captured, so held in escrow
      if (payment.status !== "PENDING") return payment.status === "FAILED" ? "ignored" : "unchanged";
      await recordCapture(outbox, booking, payment);
      return "applied";
    case "FAILED":
      if (payment.status !== "PENDING") return payment.status === "FAILED" ? "unchanged" : "ignored";
      await setPaymentStatus(outbox, payment, "FAILED", "failed");
      return "applied";
    case "REFUNDED": {
      // A refund made at the processor (from its dashboard, say), maybe reported before the capture it undoes.
      if (payment.status === "REFUNDED") return "unchanged";
      if (payment.status !== "PENDING" && payment.status !== "ESCROW") return "ignored";
      const held = payment.status === "PENDING" ? await holdCapturedMoney(outbox, payment) : payment;
      await settle(outbox, booking, held, held.amountCents, { refundedByProcessor: true });
      return "applied";
    }
  }
}
