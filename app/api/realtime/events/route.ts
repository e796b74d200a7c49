import { json, readQuery, withAccess } from "@/lib/api/handler";
import { eventsSince } from "@/lib/domain/catch-up";
import { DomainError } from "@/lib/domain/errors";
import { mayJoinRoom } from "@/lib/realtime/access";
import { realtimeHub } from "@/lib/realtime/hub";
import { eventsQuerySchema } from "@/lib/validation/schemas";

/**
 * The polling fallback and catch-up: durable events addressed to the caller after `since`,
 * and to the `rooms` it names, each of which it must be allowed to join (as over `subscribe`).
 */
export const GET = withAccess("GET /api/realtime/events", async (req, { caller }) => {
  const { since, limit, rooms } = readQuery(req, eventsQuerySchema);
  const refusal = (await Promise.all(rooms.map((room) => mayJoinRoom(caller, room)))).find((decision) => !decision.ok);
  if (refusal && !refusal.ok) {
    const { kind, code, message } = refusal.error;
    throw new DomainError(kind, code, `rooms: ${message}`, { field: "rooms" });
  }
  realtimeHub()?.httpPoll(caller.id);
  return json(await eventsSince(caller, since, { limit, extraRooms: rooms }));
});
