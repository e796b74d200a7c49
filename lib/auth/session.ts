import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { authOptions } from "./next-auth";
import { HOME_BY_ROLE, type Caller, type Role } from "./identity";

/** The signed-in browser user, or null. For server components. */
export async function currentUser(): Promise<Caller | null> {
  await connection(); // per request, never prerendered: the answer depends on the cookie
  const session = await getServerSession(authOptions());
  return session?.user ?? null;
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
