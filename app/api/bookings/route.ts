import { json, readJson, readQuery, withAccess } from "@/lib/api/handler";
import { createBooking, listBookings } from "@/lib/domain/bookings";
import { createBookingBodySchema, listBookingsQuerySchema } from "@/lib/validation/schemas";

/** The caller's bookings: a client's, a provider's, or every one for admin and staff. */
export const GET = withAccess("GET /api/bookings", async (req, { caller }) =>
  json({ bookings: await listBookings(caller, readQuery(req, listBookingsQuerySchema)) }),
);

export const POST = withAccess("POST /api/bookings", async (req, { caller }) => {
  const body = await readJson(req, createBookingBodySchema);
  return json({ booking: await createBooking(caller, body) }, 201);
});
