import { json, readJson, withErrors } from "@/lib/api/handler";
import { authenticateThrottled } from "@/lib/auth/sign-in-throttle";
import { recordSignIn } from "@/lib/auth/sign-ins";
import { issueApiToken } from "@/lib/auth/token";
import { unauthenticated } from "@/lib/domain/errors";
import { spendAddressRequest } from "@/lib/fair-use/requests";
import { clientAddress } from "@/lib/http/client-address";
import { signInSchema } from "@/lib/validation/schemas";

/**
 * A bearer token for clients that are not browsers, recorded among the user's devices;
 * repeated failures are throttled (429), and so are too many attempts from one address.
 */
export const POST = withErrors(async (req) => {
  const address = clientAddress(req.headers);
  await spendAddressRequest(address);
  const { email, password } = await readJson(req, signInSchema);
  const user = await authenticateThrottled(email, password, address);
  if (!user) throw unauthenticated("Wrong email or password");
  return json({ token: await issueApiToken(user, await recordSignIn(user.id, "token", req.headers)), user });
});
