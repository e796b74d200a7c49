import { json, readJson, withCaller } from "@/lib/api/handler";
import { preferencesOf, updatePreferences } from "@/lib/domain/notification-preferences";
import { updatePreferencesBodySchema } from "@/lib/validation/schemas";

export const GET = withCaller(async (_req, { caller }) => json({ preferences: await preferencesOf(caller.id) }));

export const PUT = withCaller(async (req, { caller }) =>
  json(await updatePreferences(caller, await readJson(req, updatePreferencesBodySchema))),
);
