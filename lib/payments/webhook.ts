import { createHmac, timingSafeEqual } from "node:crypto";
import { unauthenticated } from "../domain/errors";
import { parseJson } from "../api/handler";
import { config } from "../config";
import { applyPaymentReport } from "../domain/payment-webhook";
import { paymentWebhookBodySchema } from "../validation/schemas";

/** The signature the processor sends in X-Signature: hex HMAC-SHA256 of the raw body. */
export function signWebhookBody(rawBody: string, secret = config().secrets.webhook): string {
  return createHmac("sha256", secret).update(rawBody).digest("hex");
}

export function verifyWebhookSignature(rawBody: string, signature: string | null): boolean {
  if (!signature || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  const expected = Buffer.from(signWebhookBody(rawBody), "hex");
  return timingSafeEqual(expected, Buffer.from(signature, "hex"));
}

/**
 * A processor's event as it arrives: the signature over the raw bytes first (401 and
 * nothing read otherwise), then the body's shape (400 naming the field), then the event.
 * The route and the simulated processor both come through here.
 */
export async function receivePaymentWebhook(rawBody: string, signature: string | null) {
  if (!verifyWebhookSignature(rawBody, signature)) throw unauthenticated("Missing or bad X-Signature");
  const report = parseJson(rawBody, paymentWebhookBodySchema);
  return { ok: true as const, ...(await applyPaymentReport(report)) };
}
