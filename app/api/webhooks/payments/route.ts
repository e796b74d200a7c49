import { json, readBodyText, readJson, withErrors } from "@/lib/api/handler";
import { applyPaymentWebhook, assertSignedWebhook } from "@/lib/domain/payment-webhook";
import { paymentWebhookBodySchema } from "@/lib/validation/schemas";

/** The payment processor's status reports, signed over the raw body. */
export const POST = withErrors(async (req) => {
  const raw = await readBodyText(req);
  assertSignedWebhook(raw, req.headers.get("x-signature"));
  const body = await readJson(req, paymentWebhookBodySchema, raw);
  return json({ ok: true, ...(await applyPaymentWebhook(raw, body)) });
});
