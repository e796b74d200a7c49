import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { config } from "../config";
import { credentialsSchema } from "../validation/schemas";
import { authenticate } from "./caller";
import { callerSchema } from "./identity";

const SESSION_MAX_AGE_S = 24 * 60 * 60;

/** next-auth for browsers: email and password, JWT sessions carrying the caller. */
export function authOptions(): NextAuthOptions {
  return {
    secret: config().secrets.nextAuth,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          const parsed = credentialsSchema.safeParse(credentials);
          if (!parsed.success) return null;
          return authenticate(parsed.data.email, parsed.data.password);
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.user = callerSchema.parse(user);
        return token;
      },
      session({ session, token }) {
        const caller = callerSchema.safeParse(token.user);
        if (caller.success) session.user = caller.data;
        return session;
      },
    },
  };
}
