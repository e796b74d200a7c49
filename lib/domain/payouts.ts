import { config } from "../config";
import { formatMoney } from "../money";
import type { Payout } from "../generated/sqlite/client";
import { paymentProcessor } from "../payments/processor";
import { rooms } from "../realtime/rooms";
import { adminIds } from "./admins";
import { lockBooking } from "./booking-lock";
import { payoutLines, postEntry } from "./ledger";
import { payoutNotice, type PayoutEventAction } from "./notices";
import { canMovePayout, type PayoutStatus } from "./state-machines";
import { transaction, type Outbox } from "./transaction";
import { payoutView } from "./views";

/**
 * A provider's payout of released card money: PENDING (owed), PROCESSING (sent), then
 * COMPLETED or FAILED as the processor reports. Each step moves the money in the ledger.
 */

async function announcePayout(outbox: Outbox, payout: Payout, action: PayoutEventAction) {
  outbox.event("payout:updated", { action, payout: payoutView(payout) }, [rooms.user(payout.providerId)]);
  const data = { bookingId: payout.bookingId, payoutId: payout.id };
  const notice = payoutNotice(action, payout.amountCents, payout.currency);
  if (notice) await outbox.notify(payout.providerId, { ...notice, data });
  if (action !== "failed") return;
  // The money stays owed to the provider (provider_payable) until someone acts on it.
  const provider = await outbox.tx.user.findUniqueOrThrow({ where: { id: payout.providerId }, select: { name: true } });
  await outbox.notifyAll(await adminIds(outbox.tx), {
    type: "payout",
    title: "A payout failed",
    body: `${formatMoney(payout.amountCents, payout.currency)} to ${provider.name} could not be sent: ${payout.failureReason ?? "no reason given"}.`,
    priority: "high",
    data,
  });
}

/** Created when card money is settled in the provider's favour: their share, in the payment's currency. */
export async function createPayout(
  outbox: Outbox,
  input: { bookingId: string; providerId: string; paymentId: string; amountCents: number; currency: string },
): Promise<void> {
  const payout = await outbox.tx.payout.create({
    data: { ...input, nextStepAt: new Date(Date.now() + config().money.payoutStepMs) },
  });
  await announcePayout(outbox, payout, "created");
  const { id: payoutId, bookingId, providerId, amountCents, currency } = payout;
  outbox.afterCommit("transfer", () => paymentProcessor().transfer({ payoutId, bookingId, providerId, amountCents, currency }));
}

const STEP: Record<Exclude<PayoutStatus, "PENDING">, { action: PayoutEventAction; kind: "payout_sent" | "payout_completed" | "payout_failed" }> = {
  PROCESSING: { action: "processing", kind: "payout_sent" },
  COMPLETED: { action: "completed", kind: "payout_completed" },
  FAILED: { action: "failed", kind: "payout_failed" },
};

/**
 * The processor reports a payout's step. Applied once: a report for a payout that is no
 * longer where the reporter saw it (another node took the step) changes nothing.
 */
export async function recordPayoutStep(
  payoutId: string,
  from: PayoutStatus,
  to: Exclude<PayoutStatus, "PENDING">,
  details: { nextStepAt?: Date; failureReason?: string } = {},
): Promise<void> {
  if (!canMovePayout(from, to)) throw new Error(`Payout ${payoutId}: ${from} -> ${to} is not a legal step`);
  await transaction(async (outbox) => {
    const bookingId = (await outbox.tx.payout.findUnique({ where: { id: payoutId }, select: { bookingId: true } }))?.bookingId;
    if (!bookingId) return;
    await lockBooking(outbox.tx, bookingId);
    const { count } = await outbox.tx.payout.updateMany({
      where: { id: payoutId, status: from },
      data: { status: to, nextStepAt: details.nextStepAt, failureReason: details.failureReason ?? null },
    });
    if (count === 0) return;
    const payout = await outbox.tx.payout.findUniqueOrThrow({ where: { id: payoutId } });
    const { action, kind } = STEP[to];
    await postEntry(outbox.tx, {
      bookingId,
      paymentId: payout.paymentId ?? undefined,
      payoutId,
      kind,
      currency: payout.currency,
      lines: payoutLines(kind, payout.amountCents),
    });
    await announcePayout(outbox, payout, action);
  });
}
