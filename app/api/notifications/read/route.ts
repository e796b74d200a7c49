import { json, readJson, withCaller } from "@/lib/api/handler";
import { markNotificationsRead } from "@/lib/domain/notifications";
import { markNotificationsReadBodySchema } from "@/lib/validation/schemas";

export const POST = withCaller(async (req, { caller }) =>
  json(await markNotificationsRead(caller, await readJson(req, markNotificationsReadBodySchema))),
);
