import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { notFound, unauthorized } from "../api/errors";
import { config } from "../config";
import { lockPayment, movePayment } from "./payments";
import { paymentPath, type PaymentStatus } from "./state-machines";
import { transaction } from "./transaction";

/** The signature the processor sends in X-Signature: hex HMAC-SHA256 of the raw body. */
export function signWebhookBody(rawBody: string, secret = config().secrets.webhook): string {
  return createHmac("sha256", secret).update(rawBody).digest("hex");
}

export function verifyWebhookSignature(rawBody: string, signature: string | null): boolean {
  if (!signature || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  const expected = Buffer.from(signWebhookBody(rawBody), "hex");
  return timingSafeEqual(expected, Buffer.from(signature, "hex"));
}

export type WebhookOutcome = "applied" | "unchanged" | "ignored";

/**
 * Applies a signed status report from the payment processor. A delivery seen before (same
 * body) is answered from its receipt and changes nothing; a status the payment already
 * has or has passed is "unchanged" (PAID means captured, and so held in ESCROW); one that no legal path reaches is "ignored" (and
 * kept in the receipt) rather than refused, since a processor would only retry it.
 */
export async function applyPaymentWebhook(
  rawBody: string,
  body: { bookingId: string; status: PaymentStatus },
): Promise<{ outcome: WebhookOutcome; replay: boolean; status: PaymentStatus | null }> {
  const id = createHash("sha256").update(rawBody).digest("hex");
  try {
    return await applyOnce(id, body);
  } catch (error) {
    // The same delivery committed concurrently (its receipt id is taken): answer as a replay.
    if ((error as { code?: string }).code === "P2002") return applyOnce(id, body);
    throw error;
  }
}

async function applyOnce(id: string, body: { bookingId: string; status: PaymentStatus }) {
  return transaction(async (outbox) => {
    const { tx } = outbox;
    const seen = await tx.webhookReceipt.findUnique({ where: { id } });
    if (seen) return { outcome: seen.outcome as WebhookOutcome, replay: true, status: await currentStatus() };
    await lockPayment(tx, body.bookingId);
    const payment = await tx.payment.findUnique({ where: { bookingId: body.bookingId } });
    if (!payment) throw notFound("Payment");
    // The receipt goes in first: a concurrent copy of this delivery blocks on it, then fails.
    await tx.webhookReceipt.create({ data: { id, bookingId: body.bookingId, status: body.status, outcome: "ignored" } });
    // Money the processor captured is held for the client until the work is done.
    const target = body.status === "PAID" ? "ESCROW" : body.status;
    let outcome: WebhookOutcome;
    if (payment.status === target || paymentPath(target, payment.status)) outcome = "unchanged";
    else outcome = (await movePayment(outbox, body.bookingId, payment.status, target)) ? "applied" : "ignored";
    await tx.webhookReceipt.update({ where: { id }, data: { outcome } });
    return { outcome, replay: false, status: await currentStatus() };

    async function currentStatus() {
      return (await tx.payment.findUnique({ where: { bookingId: body.bookingId } }))?.status ?? null;
    }
  });
}

export function assertSignedWebhook(rawBody: string, signature: string | null): void {
  if (!verifyWebhookSignature(rawBody, signature)) throw unauthorized("Missing or bad X-Signature");
}
