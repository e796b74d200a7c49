import { db } from "../db/client";
import { invalid, notFound } from "../domain/errors";
import { clientAddress } from "../http/client-address";
import { realtimeHub } from "../realtime/hub";
import type { Caller, SignedIn } from "./identity";
import { hashPassword } from "./password";
import { revokeSessions } from "./revocation";
import { freshSessionCookie } from "./session-cookie";
import { authenticateThrottled } from "./sign-in-throttle";
import { renewSignIn } from "./sign-ins";
import { issueApiToken } from "./token";

/**
 * The signed-in person's own account, as the profile page edits it: their display name and
 * their password. The database holds the name; credentials carry a copy from their sign-in,
 * so pages read it from here (lib/auth/session.ts), not from the cookie.
 */

export type ProfileView = Caller & { createdAt: string };

const CALLER_FIELDS = { id: true, email: true, name: true, role: true } as const;
const PROFILE_FIELDS = { ...CALLER_FIELDS, createdAt: true } as const;

export async function profileOf(userId: string): Promise<ProfileView> {
  const user = await db().user.findUnique({ where: { id: userId }, select: PROFILE_FIELDS });
  if (!user) throw notFound("User");
  return { ...user, createdAt: user.createdAt.toISOString() };
}

/** The display name every page shows from the next load on; `name` comes trimmed and checked (updateProfileBodySchema). */
export async function renameUser(userId: string, name: string): Promise<ProfileView> {
  const user = await db().user.update({ where: { id: userId }, data: { name }, select: PROFILE_FIELDS });
  return { ...user, createdAt: user.createdAt.toISOString() };
}

/** What the credential that asked gets instead of itself once the password changed. */
export type Replacement = { token: string } | { cookie: string };

/**
 * Changes the password, proven by the current one, and signs out every other session and
 * token. Guesses of the current password are throttled with sign-in's own budgets (per
 * account and address, and per address), so this form is no way around them; a wrong one
 * is 400 `WRONG_PASSWORD` naming `currentPassword`, and changes nothing.
 *
 * The new hash and the revocation are one write: every credential signed in before it
 * ends, the asking one too (they all carry only their sign-in's moment). The asking device
 * is then signed in afresh, as its own row of the device list: a browser gets a new
 * session cookie, a bearer client a new token, and nobody who only held the old password
 * or an old credential keeps access.
 */
export async function changePassword(
  signedIn: SignedIn,
  input: { currentPassword: string; newPassword: string },
  headers: Headers,
): Promise<{ revokedAt: Date; replacement: Replacement }> {
  const { caller } = signedIn;
  if (!(await authenticateThrottled(caller.email, input.currentPassword, clientAddress(headers)))) {
    throw invalid("currentPassword", "does not match your current password", { code: "WRONG_PASSWORD" });
  }
  const revokedAt = await revokeSessions(caller.id, { passwordHash: await hashPassword(input.newPassword) });
  await realtimeHub()?.revokeUser(caller.id, revokedAt);

  const identity = await db().user.findUniqueOrThrow({ where: { id: caller.id }, select: CALLER_FIELDS });
  const { via, signInId } = signedIn;
  const signIn = await renewSignIn(caller.id, signInId, via === "bearer" ? "token" : "session", headers);
  const replacement: Replacement =
    via === "bearer" ? { token: await issueApiToken(identity, signIn) } : { cookie: await freshSessionCookie(identity, signIn, via) };
  return { revokedAt, replacement };
}
