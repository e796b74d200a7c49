import { json, readJson, withRole } from "@/lib/api/handler";
import { transitionBooking } from "@/lib/domain/bookings";
import { declineBookingBodySchema } from "@/lib/validation/schemas";

export const POST = withRole<{ id: string }>(["ADMIN"], async (req, { caller, params }) => {
  const { reason } = await readJson(req, declineBookingBodySchema);
  return json({ booking: await transitionBooking(caller, params.id, "decline", { reason }) });
});
