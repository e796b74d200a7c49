import type { z } from "zod";
import { triggerEvent } from "../domain/broadcasts";
import { RESERVED_EVENTS } from "../realtime/protocol";
import { requireHub } from "../realtime/unavailable";
import type { triggerBodySchema } from "../validation/schemas";
import { invalid } from "../domain/errors";

/**
 * POST /api/realtime/trigger (lib/api/node-routes.ts) once its caller is admitted and its
 * body parsed.
 * `delivered` counts the sockets the audience reaches now, across the cluster.
 */
export async function acceptTrigger(body: z.output<typeof triggerBodySchema>): Promise<{ eventId: number | null; delivered: number }> {
  if (RESERVED_EVENTS.has(body.event)) throw invalid("event", `"${body.event}" is reserved`);
  const hub = requireHub();
  const { eventId, targets } = await triggerEvent(body);
  return { eventId, delivered: await hub.countSockets(targets) };
}
