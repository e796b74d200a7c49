import { request as httpRequest } from "node:http";
import { describe, expect, it } from "vitest";
import { ApiClient, craftToken, DEMO_PASSWORD, future, postCredentials, sealSessionCookie, signInWithCookie, signWebhook } from "./support/api";
import { serviceOf, stateFingerprint, useServer } from "./support/fixtures";
import { TEST_SECRETS, type TestServer } from "./support/server";
import { cookieOf, handshakeOf, socketTo } from "./support/sockets";

/**
 * Refusing intruders at the door: forged and borrowed identities on HTTP and on the socket
 * handshake, cross-site writes riding a session cookie (CSRF), password guessing (sign-in
 * throttling), and bodies too large to read. Every refusal is checked to change nothing.
 */

const nowS = () => Math.floor(Date.now() / 1000);

describe("forged identities (sqlite)", () => {
  const ctx = useServer("sqlite");

  const apiToken = (claims: { exp?: number } = {}, secret?: string) => craftToken(ctx.users.client.user!, claims, secret);
  const sessionCookie = (secret: string, maxAge: number) => sealSessionCookie(ctx.users.client.user!, secret, maxAge);

  type Identity = { token?: string; cookie?: string };
  const forged: Record<string, () => Promise<Identity>> = {
    "an expired token": async () => ({ token: await apiToken({ exp: nowS() - 60 }) }),
    "a token signed with another secret": async () => ({ token: await apiToken({}, "someone-elses-secret") }),
    "a token whose role was edited": async () => {
      const [head, , signature] = (await apiToken()).split(".");
      const claims = Buffer.from(JSON.stringify({ sub: ctx.users.client.user!.id, role: "ADMIN", iss: "switchboard", exp: nowS() + 600 })).toString("base64url");
      return { token: `${head}.${claims}.${signature}` };
    },
    "an unsigned (alg none) token": async () => {
      const payload = (await apiToken()).split(".")[1];
      return { token: `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${payload}.` };
    },
    "the internal API secret as a user token": async () => ({ token: TEST_SECRETS.INTERNAL_API_SECRET }),
    "a session cookie's value as a bearer token": async () => ({ token: (await sessionCookie(TEST_SECRETS.NEXTAUTH_SECRET, 600)).split("=")[1] }),
    "an expired session cookie": async () => ({ cookie: await sessionCookie(TEST_SECRETS.NEXTAUTH_SECRET, -60) }),
    "a session cookie sealed with another secret": async () => ({ cookie: await sessionCookie("someone-elses-secret", 600) }),
    "a bearer token as the session cookie": async () => ({ cookie: `next-auth.session-token=${ctx.users.client.token}` }),
    "a truncated session cookie": async () => ({ cookie: (await sessionCookie(TEST_SECRETS.NEXTAUTH_SECRET, 600)).slice(0, -10) }),
  };

  it.each(Object.keys(forged))("%s: 401 on reads and writes, refused at the socket handshake, nothing changes", async (name) => {
    const identity = await forged[name]();
    const headers: Record<string, string> = {
      ...(identity.token ? { authorization: `Bearer ${identity.token}` } : {}),
      ...(identity.cookie ? { cookie: identity.cookie, origin: ctx.server.url } : {}),
    };
    const caller = new ApiClient(ctx.server, headers);
    const before = await stateFingerprint(ctx.server);
    for (const [method, path, body] of [
      ["GET", "/api/services"],
      ["GET", "/api/notifications"],
      ["POST", "/api/notifications/read", { all: true }],
      ["POST", "/api/bookings", { serviceId: "x", scheduledAt: future() }],
    ] as const) {
      const reply = await caller.request(method, path, body);
      expect(reply.status, `${method} ${path}`).toBe(401);
      expect(reply.body.error.code).toBe("UNAUTHORIZED");
    }
    for (const transport of ["websocket", "polling"] as const) {
      const socket = socketTo(ctx.server, { ...identity, transports: [transport] });
      expect(await handshakeOf(socket), transport).toEqual({ refused: "unauthorized" });
      socket.close();
    }
    expect(await stateFingerprint(ctx.server)).toEqual(before);
  });

  it("another user's valid token acts as that user, never as the one it is presented for", async () => {
    const client2 = ctx.users.client2;
    const bookings = (await client2.get("/api/bookings")).body.bookings as { clientId: string }[];
    expect(bookings.every((b) => b.clientId === client2.user!.id)).toBe(true);
    const socket = socketTo(ctx.server, { token: client2.token });
    const outcome = await handshakeOf(socket);
    expect(outcome.connected?.userId).toBe(client2.user!.id);
    socket.close();
  });
});

describe("cross-site request forgery (sqlite)", () => {
  const ctx = useServer("sqlite");
  const write = (client: ApiClient, headers: Record<string, string>) => client.request("POST", "/api/notifications/read", { all: true }, headers);

  it("a cookie-authenticated write from a foreign origin, or proving no origin, is 403 CSRF_REJECTED and changes nothing", async () => {
    const browser = await signInWithCookie(ctx.server, "client@demo.test");
    const bare = new ApiClient(ctx.server, { cookie: cookieOf(browser) });
    const service = await serviceOf(ctx.users);
    const cases: Record<string, Record<string, string>> = {
      "a foreign Origin": { origin: "https://evil.example" },
      "Origin null (a sandboxed frame)": { origin: "null" },
      "the same host on another port": { origin: "http://127.0.0.1:1" },
      "Sec-Fetch-Site cross-site": { "sec-fetch-site": "cross-site", origin: ctx.server.url },
      "Sec-Fetch-Site same-site": { "sec-fetch-site": "same-site" },
      "neither Origin nor Sec-Fetch-Site": {},
    };
    for (const [name, headers] of Object.entries(cases)) {
      const before = await stateFingerprint(ctx.server);
      for (const reply of [
        await write(bare, headers),
        await bare.request("POST", "/api/bookings", { serviceId: service.id, scheduledAt: future() }, headers),
      ]) {
        expect(reply.status, name).toBe(403);
        expect(reply.body.error.code, name).toBe("CSRF_REJECTED");
      }
      expect(await stateFingerprint(ctx.server), name).toEqual(before);
    }
  });

  it("same-origin writes pass; reads, bearer tokens and the signed webhook are exempt", async () => {
    const browser = await signInWithCookie(ctx.server, "client@demo.test");
    const bare = new ApiClient(ctx.server, { cookie: cookieOf(browser) });
    expect((await write(bare, { origin: ctx.server.url })).status).toBe(200);
    expect((await write(bare, { "sec-fetch-site": "same-origin" })).status).toBe(200);
    expect((await bare.request("GET", "/api/notifications", undefined, { origin: "https://evil.example", "sec-fetch-site": "cross-site" })).status).toBe(200);
    // A bearer token is never attached by a browser on its own: no CSRF to fear, even beside a cookie.
    const bearer = ctx.users.client;
    expect((await write(bearer, { origin: "https://evil.example", "sec-fetch-site": "cross-site" })).status).toBe(200);
    expect((await write(bearer, { cookie: cookieOf(browser), origin: "https://evil.example" })).status).toBe(200);
    const hook = JSON.stringify({ id: "evt_csrf", bookingId: "no-such-booking", status: "PAID" });
    const signed = await bearer.request("POST", "/api/webhooks/payments", hook, { "x-signature": signWebhook(hook), origin: "https://evil.example" });
    expect(signed.body.error?.code).not.toBe("CSRF_REJECTED");
    expect(signed.status).toBe(404);
  });

  it("a cookie-authenticated socket handshake from a foreign page is refused (cross-site WebSocket hijacking); bearer tokens are not", async () => {
    const browser = await signInWithCookie(ctx.server, "client@demo.test");
    const cookie = cookieOf(browser);
    const outcomes: Record<string, string> = {};
    const cases: Record<string, Parameters<typeof socketTo>[1]> = {
      "cookie, foreign Origin": { cookie, headers: { origin: "https://evil.example" } },
      "cookie, Sec-Fetch-Site cross-site": { cookie, headers: { origin: ctx.server.url, "sec-fetch-site": "cross-site" } },
      "cookie, own Origin": { cookie, headers: { origin: ctx.server.url } },
      "cookie, no Origin (a same-origin polling GET)": { cookie },
      "token, foreign Origin": { token: ctx.users.client.token, headers: { origin: "https://evil.example" } },
    };
    for (const [name, options] of Object.entries(cases)) {
      for (const transport of ["websocket", "polling"] as const) {
        const socket = socketTo(ctx.server, { ...options, transports: [transport] });
        const outcome = await handshakeOf(socket);
        outcomes[`${name} over ${transport}`] = outcome.refused ?? "connected";
        socket.close();
      }
    }
    expect(outcomes).toEqual({
      "cookie, foreign Origin over websocket": "unauthorized",
      "cookie, foreign Origin over polling": "unauthorized",
      "cookie, Sec-Fetch-Site cross-site over websocket": "unauthorized",
      "cookie, Sec-Fetch-Site cross-site over polling": "unauthorized",
      "cookie, own Origin over websocket": "connected",
      "cookie, own Origin over polling": "connected",
      "cookie, no Origin (a same-origin polling GET) over websocket": "connected",
      "cookie, no Origin (a same-origin polling GET) over polling": "connected",
      "token, foreign Origin over websocket": "connected",
      "token, foreign Origin over polling": "connected",
    });
  });

  it("next-auth's own sign-in keeps its CSRF token: a form post without it signs nobody in", async () => {
    const login = await fetch(`${ctx.server.url}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
      body: new URLSearchParams({ email: "client@demo.test", password: DEMO_PASSWORD, json: "true" }),
    });
    expect(login.headers.getSetCookie().some((c) => c.startsWith("next-auth.session-token="))).toBe(false);
  });
});

describe("sign-in throttling (sqlite)", () => {
  const ctx = useServer("sqlite", { SIGNIN_MAX_FAILURES_PER_ACCOUNT: "3", SIGNIN_MAX_FAILURES_PER_ADDRESS: "12" });
  const anonymous = (headers: Record<string, string> = {}) => new ApiClient(ctx.server, headers);
  const tokenFor = (email: string, password: string, headers?: Record<string, string>) => anonymous(headers).post("/api/token", { email, password });

  const formSignIn = (email: string, password: string) => postCredentials(ctx.server, email, password);

  function expectThrottled(reply: { status: number; body: any }, retryAfter: string | null) {
    expect(reply.status).toBe(429);
    expect(reply.body.error.code).toBe("RATE_LIMITED");
    expect(Number(retryAfter)).toBeGreaterThan(0);
  }

  it("a success forgets an account's failures", async () => {
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 2; i++) expect((await tokenFor("provider2@demo.test", "wrong-password")).status).toBe(401);
      expect((await tokenFor("provider2@demo.test", DEMO_PASSWORD)).status).toBe(200);
    }
  });

  it("after SIGNIN_MAX_FAILURES_PER_ACCOUNT failures the account is refused with 429 and Retry-After, on both doors, even with the right password; other accounts are not", async () => {
    for (let i = 0; i < 3; i++) expect((await tokenFor("client@demo.test", `guess-${i}`)).status).toBe(401);
    const raw = await fetch(`${ctx.server.url}/api/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "client@demo.test", password: DEMO_PASSWORD }),
    });
    expectThrottled({ status: raw.status, body: await raw.json() }, raw.headers.get("retry-after"));
    // A made-up forwarding address does not buy a fresh count: the server keys on the peer it sees.
    const spoofed = await tokenFor("Client@Demo.test", DEMO_PASSWORD, { "x-forwarded-for": "203.0.113.9", "x-switchboard-client-address": "203.0.113.9" });
    expect(spoofed.status).toBe(429);

    const form = await formSignIn("client@demo.test", DEMO_PASSWORD);
    const body = (await form.json()) as { url: string; error: { code: string } };
    expectThrottled({ status: form.status, body }, form.headers.get("retry-after"));
    expect(new URL(body.url).searchParams.get("error")).toBe("RATE_LIMITED");
    expect(form.headers.getSetCookie().some((c) => c.startsWith("next-auth.session-token="))).toBe(false);

    expect((await tokenFor("client2@demo.test", DEMO_PASSWORD)).status).toBe(200);
    expect((await formSignIn("provider@demo.test", DEMO_PASSWORD)).status).toBe(200);
  });

  it("after SIGNIN_MAX_FAILURES_PER_ADDRESS failures across accounts the address is refused for every account", async () => {
    // Failures so far from this address: 2 + 2 + 3. Spread the rest over made-up accounts.
    for (let i = 0; i < 5; i++) expect((await tokenFor(`nobody-${i}@demo.test`, "guess")).status).toBe(401);
    const reply = await fetch(`${ctx.server.url}/api/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "staff@demo.test", password: DEMO_PASSWORD }),
    });
    expectThrottled({ status: reply.status, body: await reply.json() }, reply.headers.get("retry-after"));
    expect((await formSignIn("staff@demo.test", DEMO_PASSWORD)).status).toBe(429);
  });
});

describe("body size limit (sqlite)", () => {
  const ctx = useServer("sqlite");
  const LIMIT = 64 * 1024;

  /** Sends `bytes` of a JSON string body in chunks without ending it, and resolves with the answer if it comes first. */
  function streamWithoutEnd(server: TestServer, path: string, headers: Record<string, string>, bytes: number): Promise<{ status: number; body: any }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers } }, (res) => {
        let text = "";
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => {
          req.destroy();
          resolve({ status: res.statusCode!, body: JSON.parse(text) });
        });
      });
      req.on("error", reject);
      req.write('{"body":"');
      for (let sent = 0; sent < bytes; sent += 8192) req.write("x".repeat(8192));
      // Never ended: a server that waits for the whole body never answers.
    });
  }

  it("every JSON route answers an oversized body with 413 PAYLOAD_TOO_LARGE and changes nothing", async () => {
    const { users } = ctx;
    const service = await serviceOf(users);
    const padding = "x".repeat(LIMIT);
    const routes: [ApiClient, "POST" | "PUT", string][] = [
      [users.anonymous, "POST", "/api/token"],
      [users.client, "POST", "/api/bookings"],
      [users.client, "POST", "/api/bookings/x/messages"],
      [users.client, "POST", "/api/notifications/read"],
      [users.client, "POST", "/api/payments/x/pay"],
      [users.admin, "POST", "/api/admin/bookings/x/decline"],
      [users.admin, "PUT", `/api/admin/services/${service.id}/availability`],
      [users.admin, "POST", "/api/realtime/announcement"],
      [users.admin, "POST", "/api/realtime/trigger"],
      // The realtime endpoints are read by server.ts itself (lib/api/node-routes.ts).
      [new ApiClient(ctx.server, { authorization: `Bearer ${TEST_SECRETS.INTERNAL_API_SECRET}` }), "POST", "/api/realtime/trigger"],
      [users.anonymous, "POST", "/api/webhooks/payments"],
    ];
    const before = await stateFingerprint(ctx.server);
    for (const [caller, method, path] of routes) {
      const reply = await caller.request(method, path, { padding });
      expect(reply.status, path).toBe(413);
      expect(reply.body.error.code, path).toBe("PAYLOAD_TOO_LARGE");
    }
    expect(await stateFingerprint(ctx.server)).toEqual(before);
  });

  it("a chunked body is cut off past the limit: the answer comes while the client is still sending", async () => {
    const reply = await streamWithoutEnd(ctx.server, "/api/notifications/read", { authorization: `Bearer ${ctx.users.client.token}` }, LIMIT + 16_384);
    expect(reply).toEqual({ status: 413, body: { error: { code: "PAYLOAD_TOO_LARGE", message: expect.any(String) } } });
    const webhook = await streamWithoutEnd(ctx.server, "/api/webhooks/payments", {}, LIMIT + 16_384);
    expect(webhook.status).toBe(413);
    // Served by server.ts itself (lib/api/node-routes.ts), with the same early cut-off.
    const trigger = await streamWithoutEnd(ctx.server, "/api/realtime/trigger", { authorization: `Bearer ${ctx.users.admin.token}` }, LIMIT + 16_384);
    expect(trigger.status).toBe(413);
    const internal = await streamWithoutEnd(ctx.server, "/api/realtime/trigger", { authorization: `Bearer ${TEST_SECRETS.INTERNAL_API_SECRET}` }, LIMIT + 16_384);
    expect(internal).toEqual({ status: 413, body: { error: { code: "PAYLOAD_TOO_LARGE", message: expect.any(String) } } });
    const signIn = await streamWithoutEnd(ctx.server, "/api/auth/callback/credentials", {}, LIMIT + 16_384);
    expect(signIn.status).toBe(413);
    expect((await fetch(`${ctx.server.url}/api/health`)).status).toBe(200);
  });
});
