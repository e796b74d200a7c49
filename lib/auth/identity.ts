import { z } from "zod";

export const ROLES = ["CLIENT", "PROVIDER", "ADMIN", "STAFF"] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking: the identity every route handler (and the socket handshake) acts for. */
export type Caller = { id: string; email: string; name: string; role: Role };

/**
 * A caller with the moment their credential's sign-in happened (ms), which "sign out
 * everywhere" compares against; the sign-in's row (lib/auth/sign-ins.ts), when the
 * credential names one; and which credential it is: a bearer token or the session cookie
 * of that name.
 */
export type SignedIn = { caller: Caller; signedInAt: number | undefined; signInId?: string; via: "bearer" | SessionCookieName };

/** next-auth's session cookie; browsers on HTTPS get the `__Secure-` variant. */
export const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;
export type SessionCookieName = (typeof SESSION_COOKIES)[number];

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
