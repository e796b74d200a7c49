import type { Caller } from "@/lib/auth/identity";

declare module "next-auth" {
  interface Session {
    user: Caller;
  }
  interface User extends Caller {}
}

declare module "next-auth/jwt" {
  interface JWT {
    user?: Caller;
  }
}
