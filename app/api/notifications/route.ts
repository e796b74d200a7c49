import { json, readQuery, withAccess } from "@/lib/api/handler";
import { listNotifications } from "@/lib/domain/notifications";
import { listNotificationsQuerySchema } from "@/lib/validation/schemas";

export const GET = withAccess("GET /api/notifications", async (req, { caller }) =>
  json(await listNotifications(caller, readQuery(req, listNotificationsQuerySchema))),
);
