import { notFound } from "@/lib/api/errors";
import { json, readJson, withCaller } from "@/lib/api/handler";
import { transitionBooking } from "@/lib/domain/bookings";
import type { BookingAction } from "@/lib/domain/state-machines";
import { cancelBookingBodySchema } from "@/lib/validation/schemas";

/** The transitions a participant may ask for by URL; the domain checks who may do which. */
const ACTIONS = new Set<BookingAction>(["accept", "reject", "start", "complete", "cancel", "renew"]);

export const POST = withCaller<{ id: string; action: string }>(async (req, { caller, params }) => {
  const action = params.action as BookingAction;
  if (!ACTIONS.has(action)) throw notFound("Route");
  const options = action === "cancel" ? await readJson(req, cancelBookingBodySchema) : {};
  return json({ booking: await transitionBooking(caller, params.id, action, options) });
});
