import { json, withAccess } from "@/lib/api/handler";
import { authorize } from "@/lib/auth/access-policy";
import { getBooking } from "@/lib/domain/bookings";
import { requireHub } from "@/lib/realtime/unavailable";

/**
 * Whether the booking's client and provider are online now (live changes: `presence:updated`),
 * only while the booking is open (`booking.presence`): once it is over, the two are no longer
 * each other's business.
 */
export const GET = withAccess<{ id: string }>("GET /api/bookings/:id/presence", async (_req, { caller, params }) => {
  const booking = await getBooking(caller, params.id);
  authorize("booking.presence", caller, booking);
  const hub = requireHub();
  const [client, provider] = await Promise.all([hub.connectionStatus(booking.clientId), hub.connectionStatus(booking.providerId)]);
  return json({
    client: { id: booking.clientId, online: client.online },
    provider: { id: booking.providerId, online: provider.online },
  });
});
