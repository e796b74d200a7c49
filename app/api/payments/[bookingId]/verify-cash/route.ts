import { json, withAccess } from "@/lib/api/handler";
import { verifyCashPayment } from "@/lib/domain/payments";

export const POST = withAccess<{ bookingId: string }>("POST /api/payments/:bookingId/verify-cash", async (_req, { caller, params }) =>
  json({ booking: await verifyCashPayment(caller, params.bookingId) }),
);
