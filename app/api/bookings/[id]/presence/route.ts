import { conflict } from "@/lib/api/errors";
import { json, withCaller } from "@/lib/api/handler";
import { getBooking } from "@/lib/domain/bookings";
import { OPEN_BOOKING_STATUSES } from "@/lib/domain/state-machines";
import { requireHub } from "@/lib/realtime/unavailable";

/**
 * Whether the booking's client and provider are online now (live changes: `presence:updated`),
 * only while the booking is open: once it is over, the two are no longer each other's business.
 */
export const GET = withCaller<{ id: string }>(async (_req, { caller, params }) => {
  const booking = await getBooking(caller, params.id);
  if (!OPEN_BOOKING_STATUSES.includes(booking.status)) throw conflict("BOOKING_CLOSED", `Presence is shown only while a booking is open; this one is ${booking.status}`);
  const hub = requireHub();
  const [client, provider] = await Promise.all([hub.connectionStatus(booking.clientId), hub.connectionStatus(booking.providerId)]);
  return json({
    client: { id: booking.clientId, online: client.online },
    provider: { id: booking.providerId, online: provider.online },
  });
});
