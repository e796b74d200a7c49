import { describe, expect, it } from "vitest";
import { ApiClient, craftToken, DEMO_PASSWORD, signInWithCookie } from "./support/api";
import { useServer } from "./support/fixtures";
import { DATABASES, TEST_SECRETS } from "./support/server";

describe.each(DATABASES)("identity on %s", (kind) => {
  const ctx = useServer(kind);
  const anonymous = () => new ApiClient(ctx.server);
  const bearer = (token: string) => new ApiClient(ctx.server, { authorization: `Bearer ${token}` });

  const token = (claims: { sub?: string; role?: string; exp?: number }, secret?: string) => craftToken(ctx.users.client.user!, claims, secret);

  it("POST /api/token returns a working HS256 token and the user", async () => {
    const reply = await anonymous().post("/api/token", { email: "Provider@Demo.test", password: DEMO_PASSWORD });
    expect(reply.status).toBe(200);
    expect(reply.body.user).toMatchObject({ email: "provider@demo.test", role: "PROVIDER" });
    expect(JSON.parse(Buffer.from(reply.body.token.split(".")[0], "base64url").toString())).toMatchObject({ alg: "HS256" });
    expect((await bearer(reply.body.token).get("/api/services")).status).toBe(200);
  });

  it("refuses wrong credentials with 401 and bad input with 400 naming the field", async () => {
    const wrong = await anonymous().post("/api/token", { email: "client@demo.test", password: "nope" });
    expect(wrong.status).toBe(401);
    const nobody = await anonymous().post("/api/token", { email: "nobody@demo.test", password: DEMO_PASSWORD });
    expect(nobody.status).toBe(401);
    expect(wrong.body.error.message).toBe(nobody.body.error.message);
    const bad = await anonymous().post("/api/token", { email: "not-an-email", password: "x" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("email");
  });

  it("refuses forged, expired, wrong-secret and alg-none tokens", async () => {
    const valid = await token({});
    expect((await bearer(valid).get("/api/services")).status).toBe(200);
    const cases = {
      expired: await token({ exp: Math.floor(Date.now() / 1000) - 10 }),
      "wrong secret": await token({}, "someone-elses-secret"),
      "tampered role": valid.replace(valid.split(".")[1], Buffer.from(JSON.stringify({ sub: "x", role: "ADMIN" })).toString("base64url")),
      "alg none": `${Buffer.from('{"alg":"none"}').toString("base64url")}.${valid.split(".")[1]}.`,
      garbage: "not.a.token",
    };
    for (const [name, forged] of Object.entries(cases)) {
      const reply = await bearer(forged).get("/api/services");
      expect(reply.status, name).toBe(401);
      expect(reply.body.error.code, name).toBe("UNAUTHORIZED");
    }
  });

  it("a browser session cookie identifies the caller to every route; a tampered one does not", async () => {
    const browser = await signInWithCookie(ctx.server, "admin@demo.test");
    expect((await browser.get("/api/admin/audit")).status).toBe(200);
    const session = await browser.get("/api/auth/session");
    expect(session.body.user).toMatchObject({ email: "admin@demo.test", role: "ADMIN" });
    const forged = new ApiClient(ctx.server, { cookie: "next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.x.y.z" });
    expect((await forged.get("/api/services")).status).toBe(401);
    // A malformed escape in the cookie is a bad identity too (401), on reads and on writes.
    const garbled = new ApiClient(ctx.server, { cookie: "next-auth.session-token=%zz" });
    expect((await garbled.get("/api/services")).status).toBe(401);
    expect((await garbled.post("/api/notifications/read", { all: true })).status).toBe(403);
  });
});
