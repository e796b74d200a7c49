import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { connection } from "next/server";
import { db } from "../db/client";
import { resolveSignedIn } from "./caller";
import { authOptions } from "./next-auth";
import { HOME_BY_ROLE, type Caller, type Role } from "./identity";

/**
 * The signed-in browser user, or null. For server components. The session cookie keeps the
 * name as it was at sign-in; the display name is read from the database, so a rename on
 * the profile page shows on the next page load, on every device, without signing in again.
 */
export async function currentUser(): Promise<Caller | null> {
  await connection(); // per request, never prerendered: the answer depends on the cookie
  const session = await getServerSession(authOptions());
  if (!session?.user) return null;
  const row = await db().user.findUnique({ where: { id: session.user.id }, select: { name: true } });
  return row && { ...session.user, name: row.name };
}

/**
 * For a role's page: sends visitors without a session to sign in, and people of another
 * role to their own page.
 */
export async function requireRole(...roles: Role[]): Promise<Caller> {
  const user = await currentUser();
  if (!user) redirect("/signin");
  if (!roles.includes(user.role)) redirect(HOME_BY_ROLE[user.role]);
  return user;
}

/** The sign-in row (lib/auth/sign-ins.ts) of this browser's session, to mark it as this device. */
export async function currentSignInId(): Promise<string | undefined> {
  return (await resolveSignedIn({ cookie: (await headers()).get("cookie") }))?.signInId;
}
