import { json, readJson, withAccess } from "@/lib/api/handler";
import { transitionBooking } from "@/lib/domain/bookings";
import type { BookingAction } from "@/lib/domain/state-machines";
import { cancelBookingBodySchema } from "@/lib/validation/schemas";

/** The transitions a participant may ask for by URL (lib/api/route-access.ts lists them); the domain checks the row. */
export const POST = withAccess<{ id: string; action: string }>("POST /api/bookings/:id/:action", async (req, { caller, params }) => {
  const action = params.action as BookingAction;
  const options = action === "cancel" ? await readJson(req, cancelBookingBodySchema) : {};
  return json({ booking: await transitionBooking(caller, params.id, action, options) });
});
