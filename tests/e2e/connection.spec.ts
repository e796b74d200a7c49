import { expect, servers, sameOrigin, signInThroughApi, test } from "./support";

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
