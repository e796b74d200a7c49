import { z } from "zod";

export const ROLES = ["CLIENT", "PROVIDER", "ADMIN", "STAFF"] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking: the identity every route handler (and the socket handshake) acts for. */
export type Caller = { id: string; email: string; name: string; role: Role };

/** A caller with the moment their credential's sign-in happened (ms), which "sign out everywhere" compares against. */
export type SignedIn = { caller: Caller; signedInAt: number | undefined };

export const callerSchema = z.object({
  id: z.string().min(1),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
});

/** Each role's home page, where sign-in lands. */
export const HOME_BY_ROLE: Record<Role, string> = {
  CLIENT: "/client",
  PROVIDER: "/provider",
  ADMIN: "/admin",
  STAFF: "/staff",
};
