import { unauthorized } from "@/lib/api/errors";
import { json, readJson, withErrors } from "@/lib/api/handler";
import { authenticate } from "@/lib/auth/caller";
import { issueApiToken } from "@/lib/auth/token";
import { signInSchema } from "@/lib/validation/schemas";

/** A bearer token for clients that are not browsers. */
export const POST = withErrors(async (req) => {
  const { email, password } = await readJson(req, signInSchema);
  const user = await authenticate(email, password);
  if (!user) throw unauthorized("Wrong email or password");
  return json({ token: await issueApiToken(user), user });
});
