import { db } from "../db/client";
import { clientAddress } from "../http/client-address";
import { credentialLifetimeMs, SESSION_MAX_AGE_S } from "./revocation";
import { config } from "../config";

/**
 * The record of each sign-in (a browser's session cookie, or a bearer token from POST
 * /api/token), which the profile page lists as the user's devices. The credential carries
 * its row's id (`signInId`) and the row's `signedInAt`, so "this device" is the row the
 * asking credential names, and sign out everywhere (`sessionsRevokedAt`) ends exactly the
 * rows signed in before it.
 */

export type SignInMethod = "session" | "token";

/** What the row keeps of the user agent: enough to tell browsers apart, never a whole header of any size. */
const MAX_USER_AGENT = 300;

type SignInHeaders = Headers | Record<string, string | string[] | undefined>;

function userAgentOf(headers: SignInHeaders): string {
  const value = headers instanceof Headers ? headers.get("user-agent") : headers["user-agent"];
  return (Array.isArray(value) ? value[0] : value ?? "").slice(0, MAX_USER_AGENT);
}

/** A new sign-in's row; its id and moment go into the credential issued for it. */
export async function recordSignIn(userId: string, method: SignInMethod, headers: SignInHeaders): Promise<{ signInId: string; signedInAt: number }> {
  const row = await db().signIn.create({
    data: { userId, method, userAgent: userAgentOf(headers), address: clientAddress(headers), signedInAt: new Date() },
  });
  return { signInId: row.id, signedInAt: row.signedInAt.getTime() };
}

/**
 * The same device signed in afresh (after the password changed and every older credential
 * was revoked): its row moves to the new moment, so the list keeps one row for it. A
 * credential without a row of its own (issued before rows were kept, or its row retained
 * away) gets a new one.
 */
export async function renewSignIn(userId: string, signInId: string | undefined, method: SignInMethod, headers: SignInHeaders) {
  const signedInAt = new Date();
  const renewed = signInId ? await db().signIn.updateMany({ where: { id: signInId, userId }, data: { signedInAt, signedOutAt: null } }) : { count: 0 };
  if (renewed.count === 0) return recordSignIn(userId, method, headers);
  return { signInId: signInId!, signedInAt: signedInAt.getTime() };
}

/** The browser signed out (next-auth's sign-out): its row says so. */
export async function markSignedOut(signInId: string): Promise<void> {
  await db().signIn.updateMany({ where: { id: signInId, signedOutAt: null }, data: { signedOutAt: new Date() } });
}

export type DeviceStatus = "active" | "signed-out" | "expired";

export type DeviceView = {
  id: string;
  method: SignInMethod;
  userAgent: string;
  address: string;
  signedInAt: string;
  status: DeviceStatus;
  /** The credential asking is this row's. */
  current: boolean;
};

/** The most rows the list shows: the newest sign-ins; retention keeps the table short anyway. */
const MAX_DEVICES = 50;

const lifetimeMs = (method: string) => (method === "token" ? config().tokenTtlSeconds : SESSION_MAX_AGE_S) * 1000;

/** The user's sign-ins young enough to matter, newest first, each with whether it still works. */
export async function devicesOf(userId: string, currentSignInId: string | undefined, now = new Date()): Promise<DeviceView[]> {
  const [user, rows] = await Promise.all([
    db().user.findUnique({ where: { id: userId }, select: { sessionsRevokedAt: true } }),
    db().signIn.findMany({
      where: { userId, signedInAt: { gt: new Date(now.getTime() - credentialLifetimeMs()) } },
      orderBy: { signedInAt: "desc" },
      take: MAX_DEVICES,
    }),
  ]);
  const revokedAt = user?.sessionsRevokedAt?.getTime() ?? 0;
  return rows.map((row) => {
    const signedOut = row.signedOutAt !== null || row.signedInAt.getTime() < revokedAt;
    const expired = row.signedInAt.getTime() + lifetimeMs(row.method) <= now.getTime();
    return {
      id: row.id,
      method: row.method === "token" ? "token" : "session",
      userAgent: row.userAgent,
      address: row.address,
      signedInAt: row.signedInAt.toISOString(),
      status: signedOut ? "signed-out" : expired ? "expired" : "active",
      current: row.id === currentSignInId,
    };
  });
}
