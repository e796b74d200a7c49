import { randomUUID } from "node:crypto";
import type { APIRequestContext, Browser } from "@playwright/test";
import { expect, sameOrigin, servers, signInThroughApi, test } from "./support";

/**
 * Stored cross-site scripting: markup that people can get into the app (a chat message, a
 * notification's title and body, an announcement) must show as the text it is and never
 * run, whether the page loads it or it arrives live. Each payload would bump
 * `window.__xss` or open a dialog if it ran; the page also records any Content-Security-
 * Policy violation, so a pass means the markup was never even parsed as markup (React
 * escaped it), not that the policy happened to catch it.
 */

const RUN = `xss-${randomUUID().slice(0, 6)}`;
const PAYLOADS = [
  `<img src=x onerror="window.__xss=(window.__xss||0)+1">`,
  `<script>window.__xss=(window.__xss||0)+1</script>`,
  `"><svg onload="window.__xss=(window.__xss||0)+1;alert(1)">`,
  `<a href="javascript:alert(1)">click</a>`,
];
const text = (where: string) => `${RUN} ${where} ${PAYLOADS.join(" ")}`;
/** Notification titles hold 200 characters: the first two payloads. */
const title = (where: string) => `${RUN} ${where} ${PAYLOADS.slice(0, 2).join(" ")}`;

async function apiAs(browser: Browser, email: string): Promise<APIRequestContext> {
  const context = await browser.newContext(sameOrigin(servers.main));
  await signInThroughApi(context.request, email);
  return context.request;
}

async function idOf(api: APIRequestContext): Promise<string> {
  return ((await (await api.get("/api/auth/session")).json()) as { user: { id: string } }).user.id;
}

test("markup in chat, notifications and announcements shows as text and never runs", async ({ browser, saveScreenshots }) => {
  const admin = await apiAs(browser, "admin@demo.test");
  const client = await apiAs(browser, "client2@demo.test");
  const providerApi = await apiAs(browser, "provider2@demo.test");
  const providerId = await idOf(providerApi);

  // A booking between client2 and provider2, with a unit made free for it.
  const { services } = (await (await admin.get("/api/services")).json()) as { services: { id: string; providerId: string; capacity: number }[] };
  const service = services.find((s) => s.providerId === providerId)!;
  expect((await admin.put(`/api/admin/services/${service.id}/availability`, { data: { available: service.capacity } })).status()).toBe(200);
  const made = await client.post("/api/bookings", { data: { serviceId: service.id, scheduledAt: new Date(Date.now() + 86_400_000).toISOString() } });
  expect(made.status(), await made.text()).toBe(201);
  const { booking } = (await made.json()) as { booking: { id: string } };

  // Stored before the page opens: rendered from what the server sends.
  const stored = { chat: text("stored chat"), title: title("stored title"), body: text("stored body"), announcement: text("stored announcement") };
  expect((await client.post(`/api/bookings/${booking.id}/messages`, { data: { body: stored.chat } })).status()).toBe(201);
  const trigger = (title: string, body: string) =>
    admin.post("/api/realtime/trigger", { data: { event: "xss:probe", data: { html: PAYLOADS[0] }, to: { users: [providerId] }, notification: { title, body, priority: "high" } } });
  expect((await trigger(stored.title, stored.body)).status()).toBe(202);
  expect((await admin.post("/api/realtime/announcement", { data: { message: stored.announcement, level: "info", roles: ["PROVIDER"] } })).status()).toBe(201);

  const context = await browser.newContext(sameOrigin(servers.main));
  const dialogs: string[] = [];
  await context.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { __cspViolations: seen });
    document.addEventListener("securitypolicyviolation", (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  await signInThroughApi(context.request, "provider2@demo.test");
  const page = await context.newPage();
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto("/provider");
  await expect(page.getByRole("status").filter({ hasText: /^(Live|Polling|Offline)$/ })).toHaveText("Live");

  // Arriving live: a chat message, a notification toast, an announcement toast.
  const live = { chat: text("live chat"), title: title("live title"), announcement: text("live announcement") };
  const card = page.locator(`article[data-booking-id="${booking.id}"]`);
  await card.getByRole("button", { name: /^Chat/ }).click();
  const messages = card.getByRole("list", { name: "Messages" });
  await expect(messages).toContainText(stored.chat);
  expect((await client.post(`/api/bookings/${booking.id}/messages`, { data: { body: live.chat } })).status()).toBe(201);
  await expect(messages).toContainText(live.chat);
  expect((await trigger(live.title, live.title)).status()).toBe(202);
  await expect(page.getByTestId("live-toast").filter({ hasText: live.title }).first()).toBeVisible();
  expect((await admin.post("/api/realtime/announcement", { data: { message: live.announcement, level: "warning", roles: ["PROVIDER"] } })).status()).toBe(201);
  await expect(page.getByTestId("live-toast").filter({ hasText: live.announcement })).toBeVisible();

  const bell = page.getByRole("button", { name: "Notifications", exact: true });
  await bell.click();
  const panel = page.getByRole("dialog", { name: "Notifications" });
  for (const shown of [stored.title, stored.body, stored.announcement, live.title, live.announcement]) {
    await expect(panel.getByTestId("notification").filter({ hasText: shown }).first()).toBeVisible();
  }
  await saveScreenshots("xss-inert", page);

  // Shown literally, as text: every payload, character for character.
  const pageText = await page.locator("body").innerText();
  for (const payload of PAYLOADS) expect(pageText).toContain(payload);
  // Nothing ran, nothing was even parsed as an element, and the policy had nothing to block.
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(await page.locator('img[src="x"], svg[onload], a[href^="javascript:"]').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);

  await context.close();
});
