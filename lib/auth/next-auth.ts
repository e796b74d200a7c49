import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { config } from "../config";
import { credentialsSchema } from "../validation/schemas";
import { clientAddress } from "../http/client-address";
import { callerSchema } from "./identity";
import { isRevoked, SESSION_MAX_AGE_S } from "./revocation";
import { signedInAtOf, signInIdOf, type SignInMark } from "./token";
import { authenticateThrottled } from "./sign-in-throttle";
import { markSignedOut, recordSignIn } from "./sign-ins";


/**
 * next-auth for browsers: email and password, JWT sessions carrying the caller, when it
 * signed in and its row among the user's devices (lib/auth/sign-ins.ts).
 */
export function authOptions(): NextAuthOptions {
  return {
    secret: config().secrets.nextAuth,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        // A throttled attempt throws, which next-auth reports as an error; the route answers
        // 429 before it gets here (app/api/auth/[...nextauth]/route.ts), this is the backstop.
        async authorize(credentials, req) {
          const parsed = credentialsSchema.safeParse(credentials);
          if (!parsed.success) return null;
          const headers = req.headers ?? {};
          const caller = await authenticateThrottled(parsed.data.email, parsed.data.password, clientAddress(headers));
          return caller && { ...caller, ...(await recordSignIn(caller.id, "session", headers)) };
        },
      }),
    ],
    callbacks: {
      // The session keeps when it signed in: next-auth re-issues the cookie as it is used, so
      // its own `iat` moves, and sign out everywhere must still end it.
      jwt({ token, user }) {
        if (user) {
          const { signInId, signedInAt } = user as typeof user & SignInMark;
          token.user = callerSchema.parse(user);
          token.signedInAt = signedInAt;
          token.signInId = signInId;
        }
        return token;
      },
      // A revoked session shows no user: pages send the browser to sign in.
      async session({ session, token }) {
        const caller = callerSchema.safeParse(token.user);
        const user = caller.success && !(await isRevoked(caller.data.id, signedInAtOf(token))) ? caller.data : undefined;
        return { ...session, user };
      },
    },
    events: {
      // The browser's own sign-out: its device row says signed out.
      async signOut({ token }) {
        const signInId = signInIdOf(token);
        if (signInId) await markSignedOut(signInId);
      },
    },
  };
}
