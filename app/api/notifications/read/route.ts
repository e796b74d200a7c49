import { json, readJson, withAccess } from "@/lib/api/handler";
import { markNotificationsRead } from "@/lib/domain/notifications";
import { markNotificationsReadBodySchema } from "@/lib/validation/schemas";

export const POST = withAccess("POST /api/notifications/read", async (req, { caller }) =>
  json(await markNotificationsRead(caller, await readJson(req, markNotificationsReadBodySchema))),
);
