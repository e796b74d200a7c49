import { unauthorized } from "@/lib/api/errors";
import { json, readJson, withErrors } from "@/lib/api/handler";
import { authenticateThrottled } from "@/lib/auth/sign-in-throttle";
import { issueApiToken } from "@/lib/auth/token";
import { clientAddress } from "@/lib/http/client-address";
import { signInSchema } from "@/lib/validation/schemas";

/** A bearer token for clients that are not browsers; repeated failures are throttled (429). */
export const POST = withErrors(async (req) => {
  const { email, password } = await readJson(req, signInSchema);
  const user = await authenticateThrottled(email, password, clientAddress(req.headers));
  if (!user) throw unauthorized("Wrong email or password");
  return json({ token: await issueApiToken(user), user });
});
