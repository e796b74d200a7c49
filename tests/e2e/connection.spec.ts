import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { e2eServerEnv } from "./server-env";
import { expect, openAs, servers, sameOrigin, signInThroughApi, tabClient, test } from "./support";

/**
 * A browser whose WebSockets are blocked (a proxy that refuses upgrades): the indicator
 * reads Polling and events still arrive over HTTP; once WebSockets work again it reads
 * Live by itself, without a reload.
 */
test("WebSockets blocked: Polling, events still arrive; unblocked: Live again", async ({ page, playwright, saveScreenshots }) => {
  let blocked = true;
  await page.routeWebSocket(/\/socket\.io\//, (ws) => (blocked ? ws.close() : ws.connectToServer()));
  await signInThroughApi(page.context().request, "client@demo.test");
  await page.goto("/client");

  const indicator = page.getByRole("status").filter({ hasText: /^(Live|Polling|Offline)$/ });
  // The first attempt times out after 5 s; the server then answers over HTTP, so: Polling.
  await expect(indicator).toHaveText("Polling", { timeout: 15_000 });
  const bell = page.getByRole("button", { name: "Notifications" });
  const unread = async () => Number((await bell.textContent())?.replace(/\D/g, "") || 0);
  const before = await unread();

  // An admin sends this client a notification; with no WebSocket it must arrive by polling.
  const admin = await playwright.request.newContext(sameOrigin(servers.main));
  await signInThroughApi(admin, "admin@demo.test");
  const me = (await (await page.context().request.get("/api/auth/session")).json()).user.id as string;
  const sent = await admin.post("/api/realtime/trigger", {
    data: { event: "notice:test", to: { users: [me] }, notification: { title: "Polled notice", priority: "high" } },
  });
  expect(sent.status()).toBe(202);
  await expect.poll(unread, { timeout: 15_000 }).toBe(before + 1);
  await saveScreenshots("client-polling");

  blocked = false;
  await expect(indicator).toHaveText("Live", { timeout: 30_000 });
  await admin.dispose();
});

/** A server of this test's own on `port`, on a database made afresh (new event log, new epoch). */
async function freshServer(port: number): Promise<ChildProcess> {
  rmSync(`.e2e-data/${port}`, { recursive: true, force: true });
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: { ...process.env, NODE_ENV: "production", ...e2eServerEnv(port) },
    stdio: "ignore",
  });
  await expect
    .poll(() => fetch(`http://localhost:${port}/api/health`).then((r) => r.status, () => 0), { timeout: 60_000, intervals: [250] })
    .toBe(200);
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

test("an open tab whose server comes back on a new database starts over from the new log", async ({ browser, playwright }) => {
  test.setTimeout(120_000);
  const port = new URL(servers.main).port;
  const own = Number(port) + 2;
  const base = `http://localhost:${own}`;
  let server = await freshServer(own);
  try {
    const client = await openAs(browser, "client@demo.test", "/client", base);
    const epoch = async () => (await tabClient(client.page)).evaluate((tab) => tab.epoch);
    const before = await epoch();
    expect(before).toMatch(/^[0-9a-f]{32}$/);

    // The database is replaced while the tab stays open: ids start again, under another epoch.
    await stop(server);
    const reloaded = client.page.waitForEvent("load", { timeout: 60_000 });
    server = await freshServer(own);
    await reloaded;
    // The old database's account went with it: the reloaded page asks to sign in again.
    await expect(client.page).toHaveURL(/\/signin/);
    await signInThroughApi(client.context.request, "client@demo.test");
    await client.page.goto("/client");
    await expect(client.page.getByRole("status").filter({ hasText: /^(Live|Polling|Offline)$/ })).toHaveText("Live", { timeout: 20_000 });
    expect(await epoch()).not.toBe(before);

    // From there on the tab misses nothing of the new log.
    const admin = await playwright.request.newContext(sameOrigin(base));
    await signInThroughApi(admin, "admin@demo.test");
    const sent = await admin.post("/api/realtime/trigger", { data: { event: "test:new-log", to: { roles: ["CLIENT"] } } });
    expect(sent.status()).toBe(202);
    const { eventId } = (await sent.json()) as { eventId: number };
    await expect
      .poll(async () => (await tabClient(client.page)).evaluate((tab) => tab.lastEventId))
      .toBe(eventId);
    await admin.dispose();
  } finally {
    await stop(server);
  }
});
