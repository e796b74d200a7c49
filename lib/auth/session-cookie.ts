import { encode } from "next-auth/jwt";
import { config } from "../config";
import { SESSION_COOKIES, type Caller, type SessionCookieName } from "./identity";
import { SESSION_MAX_AGE_S } from "./revocation";
import type { SignInMark } from "./token";

/**
 * Session cookies written by the API itself rather than by next-auth: cleared when the
 * browser signs out everywhere, and issued afresh when its password changes (every older
 * session was just revoked, this browser's with them). A fresh one holds what next-auth's
 * `jwt` callback puts in its token (lib/auth/next-auth.ts), sealed the way next-auth seals it.
 */

const attributes = (name: SessionCookieName) => `Path=/; HttpOnly; SameSite=Lax${name.startsWith("__Secure-") ? "; Secure" : ""}`;

/** Set-Cookie values that delete every session cookie variant. */
export function clearedSessionCookies(): string[] {
  return SESSION_COOKIES.map((name) => `${name}=; Max-Age=0; ${attributes(name)}`);
}

/** A Set-Cookie value for a new session of `caller` under the cookie name the browser used. */
export async function freshSessionCookie(caller: Caller, signIn: SignInMark, name: SessionCookieName): Promise<string> {
  const token = await encode({ token: { user: caller, ...signIn }, secret: config().secrets.nextAuth, maxAge: SESSION_MAX_AGE_S });
  return `${name}=${token}; Max-Age=${SESSION_MAX_AGE_S}; ${attributes(name)}`;
}
