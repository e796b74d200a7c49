import { jwtVerify, SignJWT } from "jose";
import { config } from "../config";
import { callerSchema, type Caller, type SignedIn } from "./identity";

const ISSUER = "switchboard";

function key(): Uint8Array {
  return new TextEncoder().encode(config().secrets.nextAuth);
}

/** A sign-in's moment (ms) and its row (lib/auth/sign-ins.ts; none for the bench's made-up accounts), which a credential carries. */
export type SignInMark = { signInId?: string; signedInAt: number };

/**
 * A bearer token for non-browser clients: an HS256 JWT signed with NEXTAUTH_SECRET. It
 * carries when its sign-in happened (`signedInAt`, ms), which sign out everywhere checks,
 * and the sign-in's row (`signInId`), which the device list marks as this device.
 */
export async function issueApiToken(caller: Caller, signIn: SignInMark, ttlSeconds = config().tokenTtlSeconds): Promise<string> {
  return new SignJWT({ email: caller.email, name: caller.name, role: caller.role, ...signIn })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(caller.id)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key());
}

/** The caller a bearer token names, or null when it is forged, expired or malformed. */
export async function verifyApiToken(token: string): Promise<SignedIn | null> {
  try {
    const { payload } = await jwtVerify(token, key(), { algorithms: ["HS256"], issuer: ISSUER });
    const parsed = callerSchema.safeParse({ ...payload, id: payload.sub });
    return parsed.success ? { caller: parsed.data, signedInAt: signedInAtOf(payload), signInId: signInIdOf(payload), via: "bearer" } : null;
  } catch {
    return null;
  }
}

/** The `signedInAt` claim of a token or session, when it has a sane one. */
export function signedInAtOf(claims: Record<string, unknown> | null | undefined): number | undefined {
  const value = claims?.signedInAt;
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** The `signInId` claim of a token or session, when it has one. */
export function signInIdOf(claims: Record<string, unknown> | null | undefined): string | undefined {
  const value = claims?.signInId;
  return typeof value === "string" && value.length > 0 ? value : undefined;
}
