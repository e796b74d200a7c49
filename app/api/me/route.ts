import { json, readJson, withAccess } from "@/lib/api/handler";
import { profileOf, renameUser } from "@/lib/auth/account";
import { updateProfileBodySchema } from "@/lib/validation/schemas";

export const GET = withAccess("GET /api/me", async (_req, { caller }) => json({ user: await profileOf(caller.id) }));

/** The display name: pages show the new one from their next load on, without signing in again. */
export const PATCH = withAccess("PATCH /api/me", async (req, { caller }) => {
  const { name } = await readJson(req, updateProfileBodySchema);
  return json({ user: await renameUser(caller.id, name) });
});
