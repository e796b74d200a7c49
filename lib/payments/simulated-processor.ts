import { createHash } from "node:crypto";
import { config } from "../config";
import { db } from "../db/client";
import { receivePaymentWebhook, signWebhookBody } from "./webhook";
import { recordPayoutStep } from "../domain/payouts";
import type { PayoutStatus } from "../domain/state-machines";
import { logger } from "../logger";
import type { ChargeRequest, PaymentProcessor } from "./processor";

/**
 * The default processor: no money really moves, but everything reaches Switchboard the way
 * a real processor's reports would. A charge is confirmed PAYMENT_CONFIRM_MS later through
 * the signed webhook path (declined for PAYMENT_FAILURE_RATE of payments); refunds succeed
 * at once; a payout takes a step every PAYOUT_STEP_MS (failing for PAYOUT_FAILURE_RATE).
 * Its only state is in the database, so a restart loses nothing: a confirmation whose timer
 * died with the process is sent again by the next tick, with the same event id.
 */

/** How long past PAYMENT_CONFIRM_MS a charge waits before a tick assumes its timer was lost. */
const REDELIVER_AFTER_MS = 5_000;
const BATCH = 50;

/** Decided by the payment's id rather than at random, so a confirmation sent again says the same. */
function declines(paymentId: string): boolean {
  const digest = createHash("sha256").update(paymentId).digest();
  return digest.readUInt32BE(0) / 2 ** 32 < config().money.paymentFailureRate;
}

async function confirmCharge(charge: Pick<ChargeRequest, "paymentId" | "bookingId">): Promise<void> {
  const status = declines(charge.paymentId) ? "FAILED" : "PAID";
  const raw = JSON.stringify({ id: `sim_${charge.paymentId}_${status.toLowerCase()}`, bookingId: charge.bookingId, paymentId: charge.paymentId, status });
  await receivePaymentWebhook(raw, signWebhookBody(raw));
}

function confirmLater(charge: ChargeRequest): void {
  const timer = setTimeout(() => {
    confirmCharge(charge).catch((error) => logger().error({ err: error, code: "SIMULATED_CONFIRMATION_FAILED", paymentId: charge.paymentId }));
  }, config().money.paymentConfirmMs);
  timer.unref();
}

async function redeliverLostConfirmations(now: Date): Promise<number> {
  const overdue = await db().payment.findMany({
    where: { method: "CARD", status: "PENDING", createdAt: { lte: new Date(now.getTime() - config().money.paymentConfirmMs - REDELIVER_AFTER_MS) } },
    orderBy: { createdAt: "asc" },
    take: BATCH,
    select: { id: true, bookingId: true },
  });
  for (const payment of overdue) {
    await confirmCharge({ paymentId: payment.id, bookingId: payment.bookingId }).catch((error) =>
      logger().error({ err: error, code: "SIMULATED_CONFIRMATION_FAILED", paymentId: payment.id }),
    );
  }
  return overdue.length;
}

/** Payouts go PENDING -> PROCESSING -> COMPLETED (or FAILED), a step each PAYOUT_STEP_MS. */
async function stepDuePayouts(now: Date): Promise<number> {
  const { payoutStepMs, payoutFailureRate } = config().money;
  const due = await db().payout.findMany({
    where: { status: { in: ["PENDING", "PROCESSING"] }, nextStepAt: { lte: now } },
    orderBy: { nextStepAt: "asc" },
    take: BATCH,
    select: { id: true, status: true },
  });
  for (const payout of due) {
    const to: PayoutStatus = payout.status === "PENDING" ? "PROCESSING" : Math.random() < payoutFailureRate ? "FAILED" : "COMPLETED";
    const failureReason = to === "FAILED" ? "The simulated processor declined the transfer" : undefined;
    await recordPayoutStep(payout.id, payout.status, to, { nextStepAt: new Date(now.getTime() + payoutStepMs), failureReason }).catch((error) =>
      logger().error({ err: error, code: "PAYOUT_STEP_FAILED", payoutId: payout.id }),
    );
  }
  return due.length;
}

export const simulatedProcessor: PaymentProcessor = {
  async charge(request) {
    confirmLater(request);
  },
  async refund(request) {
    logger().info({ code: "SIMULATED_REFUND", paymentId: request.paymentId, refundCents: request.refundCents }, "refund sent (simulated)");
  },
  async transfer() {
    // Stepped by tick, from the payout's nextStepAt.
  },
  async tick(now) {
    return (await redeliverLostConfirmations(now)) + (await stepDuePayouts(now));
  },
};
