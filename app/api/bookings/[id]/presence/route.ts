import { json, withCaller } from "@/lib/api/handler";
import { getBooking } from "@/lib/domain/bookings";
import { requireHub } from "@/lib/realtime/unavailable";

/** Whether the booking's client and provider are online now (live changes: `presence:updated`). */
export const GET = withCaller<{ id: string }>(async (_req, { caller, params }) => {
  const booking = await getBooking(caller, params.id);
  const hub = requireHub();
  const [client, provider] = await Promise.all([hub.connectionStatus(booking.clientId), hub.connectionStatus(booking.providerId)]);
  return json({
    client: { id: booking.clientId, online: client.online },
    provider: { id: booking.providerId, online: provider.online },
  });
});
