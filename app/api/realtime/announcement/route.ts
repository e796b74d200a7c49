import { json, readJson, withRole } from "@/lib/api/handler";
import { announce } from "@/lib/domain/broadcasts";
import { announcementBodySchema } from "@/lib/validation/schemas";

export const POST = withRole(["ADMIN"], async (req, { caller }) =>
  json(await announce(caller, await readJson(req, announcementBodySchema)), 201),
);
