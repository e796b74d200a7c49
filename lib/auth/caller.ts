import { decode } from "next-auth/jwt";
import { db } from "../db/client";
import { unauthenticated } from "../domain/errors";
import { config } from "../config";
import { burnPasswordCheck, verifyPassword } from "./password";
import { callerSchema, SESSION_COOKIES, type Caller, type SignedIn } from "./identity";
import { isRevoked } from "./revocation";
import { signedInAtOf, signInIdOf, verifyApiToken } from "./token";

/** A malformed escape (`%zz`) is kept as sent, so it fails as a bad token rather than as a 500. */
function decodeCookieValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function readCookie(header: string | null | undefined, name: string): string | undefined {
  for (const part of header?.split(";") ?? []) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeCookieValue(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The token of an `Authorization: Bearer <jwt>` header, which then decides the identity alone. */
export function bearerToken(authorization: string | null | undefined): string | undefined {
  return authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
}

/** Whether the Cookie header carries a session cookie that resolveCaller would read. */
export function hasSessionCookie(cookie: string | null | undefined): boolean {
  return SESSION_COOKIES.some((name) => readCookie(cookie, name) !== undefined);
}

/** The two header values an identity is read from (an HTTP request's, or a socket handshake's). */
type CredentialHeaders = { authorization?: string | null; cookie?: string | null };

/**
 * Resolves the caller from a bearer token (`Authorization: Bearer <jwt>`) or, failing
 * that, the next-auth session cookie. Returns null for a missing, forged, expired or
 * revoked (signed out everywhere) identity. Takes bare header values so HTTP routes and the
 * socket handshake share it.
 */
export async function resolveCaller(headers: CredentialHeaders): Promise<Caller | null> {
  return (await resolveSignedIn(headers))?.caller ?? null;
}

/** resolveCaller's answer with the moment of its sign-in (a socket keeps it, to be dropped when revoked). */
export async function resolveSignedIn(headers: CredentialHeaders): Promise<SignedIn | null> {
  const signedIn = await readCredential(headers);
  if (!signedIn || (await isRevoked(signedIn.caller.id, signedIn.signedInAt))) return null;
  return signedIn;
}

/**
 * The credential a request was admitted with (by `withAccess`), for a route that needs more
 * of it than the caller: which sign-in it is, and whether a cookie or a token. 401 if it
 * was revoked in between.
 */
export async function credentialOf(headers: Headers): Promise<SignedIn> {
  const signedIn = await resolveSignedIn({ authorization: headers.get("authorization"), cookie: headers.get("cookie") });
  if (!signedIn) throw unauthenticated();
  return signedIn;
}

async function readCredential(headers: CredentialHeaders): Promise<SignedIn | null> {
  const bearer = bearerToken(headers.authorization);
  if (bearer) return verifyApiToken(bearer);
  for (const name of SESSION_COOKIES) {
    const token = readCookie(headers.cookie, name);
    if (!token) continue;
    try {
      const jwt = await decode({ token, secret: config().secrets.nextAuth });
      const parsed = callerSchema.safeParse(jwt?.user);
      return parsed.success ? { caller: parsed.data, signedInAt: signedInAtOf(jwt), signInId: signInIdOf(jwt), via: name } : null;
    } catch {
      return null; // a cookie that does not decrypt with our secret is no identity
    }
  }
  return null;
}

/** Checks an email and password; null when either is wrong (in the same time). */
export async function authenticate(email: string, password: string): Promise<Caller | null> {
  const user = await db().user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user) {
    await burnPasswordCheck(password);
    return null;
  }
  if (!(await verifyPassword(password, user.passwordHash))) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
