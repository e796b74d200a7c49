import { ApiError } from "@/lib/api/errors";
import { json, readJson, withInternalOrRole } from "@/lib/api/handler";
import { triggerEvent } from "@/lib/domain/broadcasts";
import { RESERVED_EVENTS } from "@/lib/realtime/protocol";
import { requireHub } from "@/lib/realtime/unavailable";
import { triggerBodySchema } from "@/lib/validation/schemas";

/** Internal services (or an admin) send an event to users, roles and rooms. */
export const POST = withInternalOrRole(["ADMIN"], async (req) => {
  const body = await readJson(req, triggerBodySchema);
  if (RESERVED_EVENTS.has(body.event)) throw new ApiError(400, "VALIDATION_ERROR", `event: "${body.event}" is reserved`, "event");
  const hub = requireHub();
  const { eventId, targets } = await triggerEvent(body);
  return json({ eventId, delivered: await hub.countSockets(targets) }, 202);
});
