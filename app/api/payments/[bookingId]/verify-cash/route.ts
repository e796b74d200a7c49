import { json, withRole } from "@/lib/api/handler";
import { verifyCashPayment } from "@/lib/domain/payments";

export const POST = withRole<{ bookingId: string }>(["PROVIDER"], async (_req, { caller, params }) =>
  json({ booking: await verifyCashPayment(caller, params.bookingId) }),
);
