import NextAuth from "next-auth";
import { errorResponse, readBodyText } from "@/lib/api/handler";
import { RateLimitedError } from "@/lib/domain/errors";
import { authOptions } from "@/lib/auth/next-auth";
import { assertSignInAllowed } from "@/lib/auth/sign-in-throttle";
import { spendAddressRequest } from "@/lib/fair-use/requests";
import { clientAddress } from "@/lib/http/client-address";

type Context = { params: Promise<{ nextauth: string[] }> };

function handler(req: Request, ctx: Context) {
  return NextAuth(authOptions())(req, ctx);
}

/**
 * The credentials sign-in, throttled like POST /api/token: an account or address that failed
 * too often lately, or an address over its request budget, gets 429 with Retry-After before
 * next-auth checks anything, and a body over the size limit 413. The body also carries the
 * `url` next-auth's client reads the error from (`?error=RATE_LIMITED`).
 */
async function post(req: Request, ctx: Context) {
  const [action, provider] = (await ctx.params).nextauth;
  if (action !== "callback" || provider !== "credentials") return handler(req, ctx);
  try {
    // next-auth's client posts the form urlencoded; read under the JSON routes' size limit.
    const address = clientAddress(req.headers);
    await spendAddressRequest(address);
    const form = new URLSearchParams(await readBodyText(req.clone()));
    await assertSignInAllowed(form.get("email") ?? "", address);
  } catch (error) {
    const response = errorResponse(error, new URL(req.url).pathname);
    if (!(error instanceof RateLimitedError)) return response;
    const url = new URL("/api/auth/error?error=RATE_LIMITED", req.url).toString();
    return Response.json({ ...(await response.json()), url }, { status: 429, headers: response.headers });
  }
  return handler(req, ctx);
}

export { handler as GET, post as POST };
