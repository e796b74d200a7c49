import { json, readJson, withAccess } from "@/lib/api/handler";
import { payForBooking } from "@/lib/domain/payments";
import { payBodySchema } from "@/lib/validation/schemas";

export const POST = withAccess<{ bookingId: string }>("POST /api/payments/:bookingId/pay", async (req, { caller, params }) => {
  const { method } = await readJson(req, payBodySchema);
  return json({ booking: await payForBooking(caller, params.bookingId, method) });
});
