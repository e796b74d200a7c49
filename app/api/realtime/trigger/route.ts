import { json, readJson, withAccessOrInternal } from "@/lib/api/handler";
import { acceptTrigger } from "@/lib/api/trigger";
import { triggerBodySchema } from "@/lib/validation/schemas";

/** Internal services (or an admin) send an event to users, roles and rooms. */
export const POST = withAccessOrInternal("POST /api/realtime/trigger", async (req) => json(await acceptTrigger(await readJson(req, triggerBodySchema)), 202));
