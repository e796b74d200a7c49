import { json, readJson, withAccess } from "@/lib/api/handler";
import { preferencesOf, updatePreferences } from "@/lib/domain/notification-preferences";
import { updatePreferencesBodySchema } from "@/lib/validation/schemas";

export const GET = withAccess("GET /api/notifications/preferences", async (_req, { caller }) => json({ preferences: await preferencesOf(caller.id) }));

export const PUT = withAccess("PUT /api/notifications/preferences", async (req, { caller }) =>
  json(await updatePreferences(caller, await readJson(req, updatePreferencesBodySchema))),
);
