import { describe, expect, it } from "vitest";
import { signIn, signInWithCookie, type ApiClient } from "./support/api";
import { through, useCluster } from "./support/cluster";
import { useServer } from "./support/fixtures";
import { DATABASES, type TestServer } from "./support/server";
import { cookieOf, handshakeOf, tryHandshake, type TestSocket } from "./support/sockets";

/**
 * POST /api/auth/revoke: every session cookie and bearer token of the caller signed in
 * before it stops working at once, on every node, and the caller's sockets are dropped;
 * reconnecting they get `unauthorized`. Nobody else is touched, and signing in again works.
 */

/** A connected socket, by token or by session cookie. */
async function connected(node: TestServer, credential: { token?: string; cookie?: string }): Promise<TestSocket> {
  const { socket, outcome } = await tryHandshake(node, credential);
  if (outcome !== "connected") throw new Error(`not connected: ${outcome}`);
  return socket;
}

/** Resolves with the reason the server dropped the socket, then with how a new handshake of it ends. */
async function droppedThenRefused(socket: TestSocket): Promise<{ reason: string; again: string }> {
  const reason = await new Promise<string>((resolve) => socket.once("disconnect", resolve));
  socket.connect();
  const outcome = await handshakeOf(socket);
  socket.close();
  return { reason, again: outcome.connected ? "connected" : outcome.refused };
}

describe.each(DATABASES)("sign out everywhere on %s", (kind) => {
  const ctx = useServer(kind);

  it("ends every token and session of the caller, drops their sockets, and nobody else's", async () => {
    const { server, users } = ctx;
    const [phone, laptop, browser] = [await signIn(server, "client@demo.test"), await signIn(server, "client@demo.test"), await signInWithCookie(server, "client@demo.test")];
    const sockets = [await connected(server, { token: phone.token }), await connected(server, { cookie: cookieOf(browser) })];
    const bystander = await connected(server, { token: users.client2.token });
    const drops = sockets.map(droppedThenRefused);

    const revoked = await fetch(`${server.url}/api/auth/revoke`, { method: "POST", headers: { authorization: `Bearer ${laptop.token}` } });
    expect(revoked.status).toBe(200);
    expect(new Date(((await revoked.json()) as { revokedAt: string }).revokedAt).getTime()).toBeLessThanOrEqual(Date.now());
    expect(revoked.headers.getSetCookie().some((c) => /^next-auth\.session-token=;.*Max-Age=0/.test(c))).toBe(true);

    for (const old of [phone, laptop, browser] as ApiClient[]) {
      expect((await old.get("/api/bookings")).status).toBe(401);
      expect((await old.get("/api/realtime/events?since=0")).status).toBe(401);
    }
    expect(await Promise.all(drops)).toEqual([
      { reason: "io server disconnect", again: "unauthorized" },
      { reason: "io server disconnect", again: "unauthorized" },
    ]);
    // The pages too: a revoked session is sent to sign in.
    const page = await fetch(`${server.url}/client`, { headers: { cookie: cookieOf(browser) }, redirect: "manual" });
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toContain("/signin");

    expect(bystander.connected).toBe(true);
    expect((await users.client2.get("/api/bookings")).status).toBe(200);
    bystander.close();

    const again = await signIn(server, "client@demo.test");
    expect((await again.get("/api/bookings")).status).toBe(200);
    const fresh = await connected(server, { token: again.token });
    fresh.close();
  });

  it("is for signed-in callers only", async () => {
    expect((await ctx.users.anonymous.post("/api/auth/revoke")).status).toBe(401);
  });
});

describe("sign out everywhere across nodes", () => {
  const cluster = useCluster({ nodes: 2 });

  it("node B refuses the old token the moment node A answers, and drops the socket it holds", async () => {
    const [nodeA, nodeB] = cluster.nodes;
    const old = await signIn(nodeA, "provider@demo.test");
    const onB = await connected(nodeB, { token: old.token });
    const drop = droppedThenRefused(onB);
    expect((await through(old, nodeB).get("/api/bookings")).status).toBe(200);

    expect((await old.post("/api/auth/revoke")).status).toBe(200);
    expect((await through(old, nodeB).get("/api/bookings")).status).toBe(401);
    expect(await drop).toEqual({ reason: "io server disconnect", again: "unauthorized" });
    expect((await through(cluster.users.provider2, nodeB).get("/api/bookings")).status).toBe(200);
  });
});
