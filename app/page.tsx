import { redirect } from "next/navigation";
import { HOME_BY_ROLE } from "@/lib/auth/identity";
import { currentUser } from "@/lib/auth/session";

/** The front door: each role to its own dashboard, everyone else to sign in. */
export default async function Home() {
  const user = await currentUser();
  redirect(user ? HOME_BY_ROLE[user.role] : "/signin");
}
