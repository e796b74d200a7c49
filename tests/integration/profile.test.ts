import { describe, expect, it } from "vitest";
import { ApiClient, DEMO_PASSWORD, signIn, signInWithCookie } from "./support/api";
import { useServer } from "./support/fixtures";
import { DATABASES, type TestServer } from "./support/server";
import { cookieOf } from "./support/sockets";

/**
 * The profile's API against the real server: the display name (checked, and shown on the
 * pages at once), the password change (proven by the current password, throttled like
 * sign-in, signing out every other credential and replacing the caller's), and the device
 * list (the caller's own sign-ins, with this device and signed-out ones marked).
 */

/** A client for a bearer token issued by POST /api/token, with the user agent it signed in with. */
async function tokenSignIn(server: TestServer, email: string, password = DEMO_PASSWORD, userAgent = "ProfileTest/1.0 (X11; Linux x86_64)") {
  const reply = await new ApiClient(server).request("POST", "/api/token", { email, password }, { "user-agent": userAgent });
  return { status: reply.status, client: reply.status === 200 ? new ApiClient(server, { authorization: `Bearer ${reply.body.token}` }, reply.body.user) : null };
}

const sessionCookieSet = (response: { headers: Headers }) => response.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="))?.split(";")[0];

type Device = { id: string; method: string; userAgent: string; address: string; signedInAt: string; status: string; current: boolean };

describe.each(DATABASES)("profile on %s", (kind) => {
  const ctx = useServer(kind);

  it("reads the caller's own account, and refuses a bad name with the field named, changing nothing", async () => {
    const { client } = ctx.users;
    const me = await client.get("/api/me");
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id: client.user!.id, email: "client@demo.test", name: client.user!.name, role: "CLIENT" });

    const bad = [{ name: "" }, { name: "   " }, { name: "x".repeat(81) }, { name: "Ada\u0007" }, { name: "Ada\nLovelace" }, { name: "Ada\u202Eecalevol" }, { name: 5 }, {}];
    for (const body of bad) {
      const reply = await client.request("PATCH", "/api/me", body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body.error).toMatchObject({ code: "VALIDATION_ERROR", field: "name" });
    }
    expect((await client.request("PATCH", "/api/me", { name: "Ada", role: "ADMIN" })).body.error).toMatchObject({ field: "role" });
    expect((await client.get("/api/me")).body.user.name).toBe(client.user!.name);
  });

  it("a new name shows on the pages of a session signed in before it, without signing in again", async () => {
    const { server, users } = ctx;
    const browser = await signInWithCookie(server, "client2@demo.test");
    const renamed = await users.client2.request("PATCH", "/api/me", { name: "  Zoë Renamed-Client  " });
    expect(renamed.status).toBe(200);
    expect(renamed.body.user.name).toBe("Zoë Renamed-Client");
    expect((await browser.get("/api/me")).body.user.name).toBe("Zoë Renamed-Client");
    const page = await fetch(`${server.url}/client`, { headers: { cookie: cookieOf(browser) } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Zoë Renamed-Client");
    expect((await users.client2.request("PATCH", "/api/me", { name: users.client2.user!.name })).status).toBe(200);
  });

  it("a wrong current password changes nothing; the right one signs out every other credential and replaces the caller's", async () => {
    const { server, users } = ctx;
    const earlierToken = users.provider2; // issued when the file started
    const browser = await signInWithCookie(server, "provider2@demo.test");
    const browserCookie = cookieOf(browser);

    const wrong = await browser.post("/api/me/password", { currentPassword: "not-the-password", newPassword: "a-new-password" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: "WRONG_PASSWORD", field: "currentPassword" });
    for (const [body, field] of [
      [{ currentPassword: DEMO_PASSWORD, newPassword: "short" }, "newPassword"],
      [{ currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD }, "newPassword"],
      [{ currentPassword: DEMO_PASSWORD, newPassword: "é".repeat(37) }, "newPassword"],
      [{ newPassword: "a-new-password" }, "currentPassword"],
    ] as const) {
      const reply = await browser.post("/api/me/password", body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body.error.field).toBe(field);
    }
    expect((await tokenSignIn(server, "provider2@demo.test")).status).toBe(200);
    expect((await earlierToken.get("/api/me")).status).toBe(200);

    // The browser changes it: a fresh session cookie comes back, and it alone of the old ones works.
    const changed = await fetch(`${server.url}/api/me/password`, {
      method: "POST",
      headers: { cookie: browserCookie, origin: server.url, "content-type": "application/json" },
      body: JSON.stringify({ currentPassword: DEMO_PASSWORD, newPassword: "a-new-password" }),
    });
    expect(changed.status).toBe(200);
    const body = (await changed.json()) as { revokedAt: string; token?: string };
    expect(body.token).toBeUndefined();
    const fresh = new ApiClient(server, { cookie: sessionCookieSet(changed)!, origin: server.url });
    expect((await fresh.get("/api/me")).status).toBe(200);
    expect((await browser.get("/api/me")).status).toBe(401);
    expect((await earlierToken.get("/api/me")).status).toBe(401);
    expect((await tokenSignIn(server, "provider2@demo.test")).status).toBe(401);
    const withNew = await tokenSignIn(server, "provider2@demo.test", "a-new-password");
    expect(withNew.status).toBe(200);

    // A bearer client changes it back: the answer carries its new token; the old one and the browser are signed out.
    const back = await withNew.client!.post("/api/me/password", { currentPassword: "a-new-password", newPassword: DEMO_PASSWORD });
    expect(back.status).toBe(200);
    expect(typeof back.body.token).toBe("string");
    expect((await withNew.client!.get("/api/me")).status).toBe(401);
    expect((await fresh.get("/api/me")).status).toBe(401);
    const replaced = new ApiClient(server, { authorization: `Bearer ${back.body.token}` });
    expect((await replaced.get("/api/me")).body.user.email).toBe("provider2@demo.test");
    // The replaced credential is the same device: its row is renewed, not doubled.
    const devices = (await replaced.get("/api/me/devices")).body.devices as Device[];
    expect(devices.filter((d) => d.current)).toHaveLength(1);
    expect(devices.filter((d) => d.status === "active")).toHaveLength(1);
    users.provider2 = (await tokenSignIn(server, "provider2@demo.test")).client!;
  });

  it("lists the caller's own sign-ins only, marks this device, and shows them signed out after sign out everywhere", async () => {
    const { server, users } = ctx;
    const phone = (await tokenSignIn(server, "provider@demo.test", DEMO_PASSWORD, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Mobile/15E148")).client!;
    const browser = await signInWithCookie(server, "provider@demo.test");
    await signIn(server, "client@demo.test"); // someone else's sign-in

    const listed = await phone.get("/api/me/devices");
    expect(listed.status).toBe(200);
    const devices = listed.body.devices as Device[];
    const ownIds = new Set((await server.query<{ id: string }>(`SELECT id FROM "SignIn" WHERE "userId" = $1`, [users.provider.user!.id])).map((r) => r.id));
    expect(devices.length).toBeGreaterThanOrEqual(3); // the file's own token, the phone, the browser
    expect(devices.every((d) => ownIds.has(d.id))).toBe(true);
    const current = devices.filter((d) => d.current);
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({ method: "token", status: "active", userAgent: expect.stringContaining("iPhone") });
    expect(devices.some((d) => d.method === "session")).toBe(true);
    expect(devices.map((d) => d.signedInAt)).toEqual([...devices.map((d) => d.signedInAt)].sort().reverse());
    const fromBrowser = (await browser.get("/api/me/devices")).body.devices as Device[];
    expect(fromBrowser.find((d) => d.current)).toMatchObject({ method: "session" });

    expect((await browser.post("/api/auth/revoke")).status).toBe(200);
    const again = (await tokenSignIn(server, "provider@demo.test")).client!;
    const after = (await again.get("/api/me/devices")).body.devices as Device[];
    expect(after.find((d) => d.current)).toMatchObject({ status: "active" });
    for (const old of devices) expect(after.find((d) => d.id === old.id)?.status).toBe("signed-out");
    users.provider = again;
  });

  it("a browser's own sign-out shows its row signed out; the others stay signed in", async () => {
    const { server, users } = ctx;
    const browser = await signInWithCookie(server, "admin@demo.test");
    const mine = ((await browser.get("/api/me/devices")).body.devices as Device[]).find((d) => d.current)!;
    const csrf = await fetch(`${server.url}/api/auth/csrf`, { headers: { cookie: cookieOf(browser) } });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const jar = [cookieOf(browser), ...csrf.headers.getSetCookie().map((c) => c.split(";")[0])].join("; ");
    const signOut = await fetch(`${server.url}/api/auth/signout`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar },
      body: new URLSearchParams({ csrfToken, json: "true" }),
    });
    expect(signOut.status).toBeLessThan(400);
    const after = (await users.admin.get("/api/me/devices")).body.devices as Device[];
    expect(after.find((d) => d.id === mine.id)?.status).toBe("signed-out");
    expect(after.find((d) => d.current)?.status).toBe("active");
  });

  it("is for signed-in callers only", async () => {
    const { anonymous } = ctx.users;
    expect((await anonymous.get("/api/me")).status).toBe(401);
    expect((await anonymous.get("/api/me/devices")).status).toBe(401);
    expect((await anonymous.request("PATCH", "/api/me", { name: "Nobody" })).status).toBe(401);
    expect((await anonymous.post("/api/me/password", { currentPassword: DEMO_PASSWORD, newPassword: "a-new-password" })).status).toBe(401);
  });

  it("guesses of the current password are throttled with sign-in's budget, and a blocked one changes nothing", async () => {
    const { server, users } = ctx;
    const guess = (n: number) => users.staff.post("/api/me/password", { currentPassword: `guess-${n}`, newPassword: "a-new-password" });
    for (let n = 0; n < 5; n++) expect((await guess(n)).status).toBe(400);
    const blocked = await guess(5);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("RATE_LIMITED");
    // The right password is refused too while blocked, and so is signing in with it from here.
    expect((await users.staff.post("/api/me/password", { currentPassword: DEMO_PASSWORD, newPassword: "a-new-password" })).status).toBe(429);
    expect((await tokenSignIn(server, "staff@demo.test")).status).toBe(429);
    expect((await users.staff.get("/api/me")).status).toBe(200);
  });
});
