import { config } from "../config";
import { db } from "../db/client";
import { logger } from "../logger";
import { providerShare } from "../money";
import { rooms } from "../realtime/rooms";
import { payoutNotice, type PayoutEventAction } from "./notices";
import type { PayoutStatus } from "./state-machines";
import { transaction, type Outbox } from "./transaction";
import { payoutView } from "./views";

/**
 * Payouts and the simulated processor that sends them: PENDING -> PROCESSING ->
 * COMPLETED, or FAILED for a configurable share (PAYOUT_FAILURE_RATE). Each step waits
 * PAYOUT_STEP_MS; the due time is stored, so a restarted server resumes where it was.
 */

async function announcePayout(outbox: Outbox, bookingId: string, action: PayoutEventAction) {
  const payout = await outbox.tx.payout.findUniqueOrThrow({ where: { bookingId } });
  outbox.event("payout:updated", { action, payout: payoutView(payout) }, [rooms.user(payout.providerId)]);
  const notice = payoutNotice(action, payout.amountCents);
  if (notice) await outbox.notify(payout.providerId, { ...notice, data: { bookingId, payoutId: payout.id } });
}

/** Created when a payment is released: the provider's share after the platform fee. */
export async function createPayout(outbox: Outbox, bookingId: string, providerId: string, paidCents: number) {
  const { platformFeePercent, currency, payoutStepMs } = config();
  await outbox.tx.payout.create({
    data: {
      bookingId,
      providerId,
      amountCents: providerShare(paidCents, platformFeePercent),
      currency,
      nextStepAt: new Date(Date.now() + payoutStepMs),
    },
  });
  await announcePayout(outbox, bookingId, "created");
}

/** Takes one processor step for a payout, if it is still where we found it. */
async function stepPayout(payoutId: string, from: PayoutStatus): Promise<void> {
  const { payoutFailureRate, payoutStepMs } = config();
  const to: PayoutStatus = from === "PENDING" ? "PROCESSING" : Math.random() < payoutFailureRate ? "FAILED" : "COMPLETED";
  await transaction(async (outbox) => {
    const { count } = await outbox.tx.payout.updateMany({
      where: { id: payoutId, status: from },
      data: {
        status: to,
        nextStepAt: new Date(Date.now() + payoutStepMs),
        failureReason: to === "FAILED" ? "The simulated processor declined the transfer" : null,
      },
    });
    if (count === 0) return; // another node took this step
    const payout = await outbox.tx.payout.findUniqueOrThrow({ where: { id: payoutId } });
    await announcePayout(outbox, payout.bookingId, to === "PROCESSING" ? "processing" : to === "FAILED" ? "failed" : "completed");
  });
}

/** Runs every payout step that is due; called by the scheduler. Returns how many ran. */
export async function processDuePayouts(now = new Date(), batch = 50): Promise<number> {
  const due = await db().payout.findMany({
    where: { status: { in: ["PENDING", "PROCESSING"] }, nextStepAt: { lte: now } },
    orderBy: { nextStepAt: "asc" },
    take: batch,
    select: { id: true, status: true },
  });
  for (const payout of due) {
    try {
      await stepPayout(payout.id, payout.status);
    } catch (error) {
      logger().error({ err: error, code: "PAYOUT_STEP_FAILED", payoutId: payout.id });
    }
  }
  return due.length;
}
