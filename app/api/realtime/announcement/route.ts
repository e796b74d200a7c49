import { json, readJson, withAccess } from "@/lib/api/handler";
import { announce } from "@/lib/domain/broadcasts";
import { announcementBodySchema } from "@/lib/validation/schemas";

export const POST = withAccess("POST /api/realtime/announcement", async (req, { caller }) =>
  json(await announce(caller, await readJson(req, announcementBodySchema)), 201),
);
