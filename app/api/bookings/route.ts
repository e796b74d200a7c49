import { json, readJson, readQuery, withCaller, withRole } from "@/lib/api/handler";
import { createBooking, listBookings } from "@/lib/domain/bookings";
import { createBookingBodySchema, listBookingsQuerySchema } from "@/lib/validation/schemas";

/** The caller's bookings: a client's, a provider's, or every one for admin and staff. */
export const GET = withCaller(async (req, { caller }) =>
  json({ bookings: await listBookings(caller, readQuery(req, listBookingsQuerySchema)) }),
);

export const POST = withRole(["CLIENT"], async (req, { caller }) => {
  const body = await readJson(req, createBookingBodySchema);
  return json({ booking: await createBooking(caller, body) }, 201);
});
