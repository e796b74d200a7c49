import { createHmac } from "node:crypto";
import { SignJWT } from "jose";
import { encode } from "next-auth/jwt";
import type { Role } from "../../../lib/auth/identity";
import { TEST_SECRETS, type TestServer } from "./server";

export type Reply<T = any> = { status: number; body: T };

/** An HTTP client for one identity: a bearer token, a session cookie, or none. */
export class ApiClient {
  constructor(
    readonly server: TestServer,
    private readonly headers: Record<string, string> = {},
    readonly user?: { id: string; email: string; name: string; role: string },
  ) {}

  /** The bearer token this client sends, if it has one. */
  get token(): string | undefined {
    return this.headers.authorization?.replace(/^Bearer /, "");
  }

  async request<T = any>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<Reply<T>> {
    const response = await fetch(this.server.url + path, {
      method,
      headers: {
        ...this.headers,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...extraHeaders,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      redirect: "manual",
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text so a failing assertion shows it
    }
    return { status: response.status, body: parsed as T };
  }

  get<T = any>(path: string) {
    return this.request<T>("GET", path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>("POST", path, body ?? {});
  }
  put<T = any>(path: string, body?: unknown) {
    return this.request<T>("PUT", path, body ?? {});
  }
}

export const DEMO_PASSWORD = "demo-password";

/** Signs in through POST /api/token and returns a client carrying the bearer token. */
export async function signIn(server: TestServer, email: string): Promise<ApiClient> {
  const reply = await new ApiClient(server).post("/api/token", { email, password: DEMO_PASSWORD });
  if (reply.status !== 200) throw new Error(`sign-in of ${email} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return new ApiClient(server, { authorization: `Bearer ${reply.body.token}` }, reply.body.user);
}

/** Posts credentials as the sign-in form does (next-auth's CSRF token, then the credentials callback); the raw answer. */
export async function postCredentials(server: TestServer, email: string, password: string): Promise<Response> {
  const csrf = await fetch(`${server.url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  return fetch(`${server.url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
}

/** Signs in as a browser does and returns a client carrying the session cookie. */
export async function signInWithCookie(server: TestServer, email: string): Promise<ApiClient> {
  const login = await postCredentials(server, email, DEMO_PASSWORD);
  const session = login.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`cookie sign-in of ${email} failed: ${login.status}`);
  // A browser names the page's origin on every write; the API refuses cookie writes without it (CSRF).
  return new ApiClient(server, { cookie: session.split(";")[0], origin: server.url });
}

/** Everyone in the demo data, signed in by token. */
export async function signInDemoUsers(server: TestServer) {
  const [client, client2, provider, provider2, admin, staff] = await Promise.all(
    ["client", "client2", "provider", "provider2", "admin", "staff"].map((name) => signIn(server, `${name}@demo.test`)),
  );
  return { client, client2, provider, provider2, admin, staff, anonymous: new ApiClient(server) };
}

export type DemoUsers = Awaited<ReturnType<typeof signInDemoUsers>>;

export function signWebhook(body: string, secret = TEST_SECRETS.WEBHOOK_SECRET): string {
  return createHmac("sha256", secret).update(body).digest("hex");
}

/** A date-time an hour or more ahead, as the booking route wants it. */
export function future(hours = 24): string {
  return new Date(Date.now() + hours * 3_600_000).toISOString();
}

type TestUser = { id: string; email: string; name: string; role: string };

/** A bearer token made the way the server issues them (lib/auth/token.ts), with the claims and secret a test wants. */
export function craftToken(user: TestUser, claims: { sub?: string; role?: string; exp?: number } = {}, secret = TEST_SECRETS.NEXTAUTH_SECRET): Promise<string> {
  return new SignJWT({ email: user.email, name: user.name, role: claims.role ?? user.role })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(claims.sub ?? user.id)
    .setIssuer("switchboard")
    .setIssuedAt()
    .setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 600)
    .sign(new TextEncoder().encode(secret));
}

/** A `next-auth.session-token=...` cookie sealed the way next-auth seals them. */
export async function sealSessionCookie(user: TestUser, secret = TEST_SECRETS.NEXTAUTH_SECRET, maxAgeS = 600): Promise<string> {
  return `next-auth.session-token=${await encode({ token: { user: { ...user, role: user.role as Role } }, secret, maxAge: maxAgeS })}`;
}
