import { json, readQuery, withCaller } from "@/lib/api/handler";
import { eventsSince } from "@/lib/domain/catch-up";
import { realtimeHub } from "@/lib/realtime/hub";
import { eventsQuerySchema } from "@/lib/validation/schemas";

/** The polling fallback and catch-up: durable events addressed to the caller after `since`. */
export const GET = withCaller(async (req, { caller }) => {
  const { since, limit } = readQuery(req, eventsQuerySchema);
  realtimeHub()?.httpPoll(caller.id);
  return json(await eventsSince(caller, since, { limit }));
});
