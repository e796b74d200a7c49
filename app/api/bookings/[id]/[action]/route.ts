import { json, readJson, withAccess } from "@/lib/api/handler";
import { transitionBooking } from "@/lib/domain/bookings";
import type { PartyBookingAction } from "@/lib/domain/state-machines";
import { cancelBookingBodySchema } from "@/lib/validation/schemas";

/** The transitions a participant may ask for by URL (PARTY_BOOKING_ACTIONS; any other answers 404); the domain checks the row. */
export const POST = withAccess<{ id: string; action: string }>("POST /api/bookings/:id/:action", async (req, { caller, params }) => {
  const action = params.action as PartyBookingAction;
  const options = action === "cancel" ? await readJson(req, cancelBookingBodySchema) : {};
  return json({ booking: await transitionBooking(caller, params.id, action, options) });
});
