import type { Caller } from "@/lib/auth/identity";

declare module "next-auth" {
  interface Session {
    /** Absent when the session was revoked (sign out everywhere). */
    user?: Caller;
  }
  interface User extends Caller {}
}

declare module "next-auth/jwt" {
  interface JWT {
    user?: Caller;
    /** When this session signed in (ms): sign out everywhere ends sessions older than it. */
    signedInAt?: number;
  }
}
