import { json, readQuery, withCaller } from "@/lib/api/handler";
import { listNotifications } from "@/lib/domain/notifications";
import { listNotificationsQuerySchema } from "@/lib/validation/schemas";

export const GET = withCaller(async (req, { caller }) =>
  json(await listNotifications(caller, readQuery(req, listNotificationsQuerySchema))),
);
