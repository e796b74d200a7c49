import { json, readJson, withAccess } from "@/lib/api/handler";
import { changePassword } from "@/lib/auth/account";
import { credentialOf } from "@/lib/auth/caller";
import { changePasswordBodySchema } from "@/lib/validation/schemas";

/**
 * A new password, proven by the current one: every other session and token is signed out,
 * and the asking one is replaced, a browser's by a fresh session cookie, a bearer client's
 * by the `token` in the answer.
 */
export const POST = withAccess("POST /api/me/password", async (req) => {
  const body = await readJson(req, changePasswordBodySchema);
  const { revokedAt, replacement } = await changePassword(await credentialOf(req.headers), body, req.headers);
  if ("token" in replacement) return json({ revokedAt: revokedAt.toISOString(), token: replacement.token });
  return json({ revokedAt: revokedAt.toISOString() }, 200, { "Set-Cookie": replacement.cookie });
});
