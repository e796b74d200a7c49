import { json, readBodyText, withErrors } from "@/lib/api/handler";
import { receivePaymentWebhook } from "@/lib/payments/webhook";

/** The payment processor's events, signed over the raw body. */
export const POST = withErrors(async (req) => json(await receivePaymentWebhook(await readBodyText(req), req.headers.get("x-signature"))));
