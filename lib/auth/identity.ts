import { z } from "zod";

export const ROLES = ["CLIENT", "PROVIDER", "ADMIN", "STAFF"] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking: the identity every route handler (and the socket handshake) acts for. */
export type Caller = { id: string; email: string; name: string; role: Role };

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
