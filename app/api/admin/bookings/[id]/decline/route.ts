import { json, readJson, withAccess } from "@/lib/api/handler";
import { transitionBooking } from "@/lib/domain/bookings";
import { declineBookingBodySchema } from "@/lib/validation/schemas";

export const POST = withAccess<{ id: string }>("POST /api/admin/bookings/:id/decline", async (req, { caller, params }) => {
  const { reason } = await readJson(req, declineBookingBodySchema);
  return json({ booking: await transitionBooking(caller, params.id, "decline", { reason }) });
});
