import { describe, expect, it } from "vitest";
import { ApiClient, DEMO_PASSWORD, postCredentials, signInWithCookie, signWebhook } from "./support/api";
import { pendingBooking, useServer } from "./support/fixtures";
import { TEST_SECRETS } from "./support/server";
import { ask, connectAs, cookieOf, handshakeOf, socketTo } from "./support/sockets";

/**
 * What leaves the server: the security headers on every kind of response (pages with a
 * per-request nonce policy, API answers, static files, Socket.IO's polling transport), and
 * logs that never carry a secret, a password, a token or a session cookie.
 */

const COMMON = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "strict-origin-when-cross-origin",
  "permissions-policy": expect.stringContaining("camera=()"),
};
const DENY_ALL = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function headersOf(response: Response) {
  return Object.fromEntries([...response.headers].map(([name, value]) => [name.toLowerCase(), value]));
}

/** The policy's directives by name. */
function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(policy.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
}

describe("security headers and logs (sqlite)", () => {
  // Everything logged, so the log test sees the most the server would ever write.
  const ctx = useServer("sqlite", { LOG_LEVEL: "trace" });

  it("pages carry a nonce policy that allows only their own scripts; every nonce is new", async () => {
    const browser = await signInWithCookie(ctx.server, "client@demo.test");
    const nonces = new Set<string>();
    for (const [path, cookie] of [["/signin", ""], ["/client", cookieOf(browser)], ["/no-such-page", ""]]) {
      const response = await fetch(ctx.server.url + path, { headers: { cookie }, redirect: "manual" });
      const html = await response.text();
      expect(headersOf(response), path).toMatchObject(COMMON);
      const policy = directives(response.headers.get("content-security-policy")!);
      const nonce = policy["script-src"].find((v) => v.startsWith("'nonce-"))!.slice(7, -1);
      expect(policy["script-src"], path).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
      expect(policy["frame-ancestors"]).toEqual(["'none'"]);
      expect(policy["object-src"]).toEqual(["'none'"]);
      expect(policy["base-uri"]).toEqual(["'self'"]);
      expect(policy["connect-src"]).toEqual(["'self'"]);
      // Next put the nonce on every script it rendered, inline or not.
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
      nonces.add(nonce);
    }
    expect(nonces.size).toBe(3);
  });

  it("API answers, errors, static files and Socket.IO's polling transport carry the headers and a deny-all policy", async () => {
    const signin = await (await fetch(`${ctx.server.url}/signin`)).text();
    const asset = signin.match(/src="(\/_next\/static\/[^"]+\.js)"/)![1];
    const requests: [string, RequestInit?][] = [
      ["/api/health"],
      ["/api/services"],
      ["/api/no-such-route"],
      ["/api/token", { method: "POST", headers: { "content-type": "application/json" }, body: "{" }],
      [asset],
      ["/socket.io/?EIO=4&transport=polling"],
    ];
    for (const [path, init] of requests) {
      const response = await fetch(ctx.server.url + path, init);
      expect(headersOf(response), path).toMatchObject({ ...COMMON, "content-security-policy": DENY_ALL });
    }
  });

  it("sign-ins, tokens, failed logins, webhooks and sockets leave no secret, password, token or cookie in the logs", async () => {
    const { server, users } = ctx;
    const wrongPassword = "wrong-password-7f3a9c";
    const secrets = [...Object.values(TEST_SECRETS), DEMO_PASSWORD, wrongPassword];

    const browser = await signInWithCookie(server, "provider@demo.test");
    const session = cookieOf(browser).split("=")[1];
    const token = (await new ApiClient(server).post("/api/token", { email: "client2@demo.test", password: DEMO_PASSWORD })).body.token as string;
    expect((await new ApiClient(server).post("/api/token", { email: "client2@demo.test", password: wrongPassword })).status).toBe(401);
    expect((await new ApiClient(server).post("/api/token", { email: "nobody@demo.test", password: wrongPassword })).status).toBe(401);
    expect((await postCredentials(server, "client@demo.test", wrongPassword)).status).toBe(401);

    const booking = await pendingBooking(users);
    expect((await users.client.post(`/api/payments/${booking.id}/pay`, { method: "CARD" })).status).toBe(200);
    const hook = JSON.stringify({ bookingId: booking.id, status: "ESCROW" });
    const signature = signWebhook(hook);
    const deliveries: Record<string, string>[] = [{ "x-signature": signature }, { "x-signature": signWebhook(hook, "someone-elses-secret") }, {}];
    for (const headers of deliveries) {
      await new ApiClient(server).request("POST", "/api/webhooks/payments", hook, headers);
    }
    const internal = await fetch(`${server.url}/api/realtime/stats`, { headers: { authorization: `Bearer ${TEST_SECRETS.INTERNAL_API_SECRET}` } });
    expect(internal.status).toBe(200);

    const { socket } = await connectAs(users.client2);
    expect(await ask(socket, "chat:send", { bookingId: booking.id, body: "not mine" })).toMatchObject({ ok: false });
    socket.close();
    const byCookie = socketTo(server, { cookie: cookieOf(browser) });
    expect((await handshakeOf(byCookie)).connected).toBeDefined();
    byCookie.close();
    const forged = socketTo(server, { token: `${token.slice(0, -4)}AAAA` });
    expect(await handshakeOf(forged)).toEqual({ refused: "unauthorized" });
    forged.close();

    // The refusal was the last thing done: once its line has come through the pipe, everything before it has.
    await expect.poll(() => server.logs(), { timeout: 5000 }).toContain("HANDSHAKE_REFUSED");
    const logs = server.logs();
    const leaked = [...secrets, token, session, signature, users.client.token!].filter((value) => logs.includes(value));
    expect(leaked).toEqual([]);
  });
});
