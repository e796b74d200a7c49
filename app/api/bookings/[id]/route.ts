import { json, withAccess } from "@/lib/api/handler";
import { getBooking } from "@/lib/domain/bookings";

export const GET = withAccess<{ id: string }>("GET /api/bookings/:id", async (_req, { caller, params }) =>
  json({ booking: await getBooking(caller, params.id) }),
);
