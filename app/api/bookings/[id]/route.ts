import { json, withCaller } from "@/lib/api/handler";
import { getBooking } from "@/lib/domain/bookings";

export const GET = withCaller<{ id: string }>(async (_req, { caller, params }) =>
  json({ booking: await getBooking(caller, params.id) }),
);
