import { randomUUID } from "node:crypto";
import type { APIRequestContext, Browser, Locator, Page } from "@playwright/test";
import { expect, openAs, servers, sameOrigin, signInThroughApi, test } from "./support";

/**
 * The bell, its panel and live toasts, with several people (and tabs) at once. Each test
 * makes what it needs through the API and recognises it by unique text, so tests do not
 * depend on one another or on what else the shared test database holds.
 */

/** The header's bell and the panel it opens, found as a user finds them. */
class Inbox {
  readonly bell: Locator;
  readonly badge: Locator;
  readonly panel: Locator;

  constructor(readonly page: Page) {
    this.bell = page.getByRole("button", { name: "Notifications", exact: true });
    this.badge = this.bell.getByTestId("unread-count");
    this.panel = page.getByRole("dialog", { name: "Notifications" });
  }

  async open(): Promise<void> {
    await this.bell.click();
    await expect(this.panel).toBeVisible();
  }

  /** The unread count once the inbox has loaded (the bell describes it to screen readers). */
  async unread(): Promise<number> {
    await expect(this.bell).toHaveAccessibleDescription(/^\d+ unread$/);
    const description = await this.bell.evaluate((bell) => document.getElementById(bell.getAttribute("aria-describedby")!)!.textContent!);
    return Number.parseInt(description, 10);
  }

  async expectUnread(count: number): Promise<void> {
    await expect(this.bell).toHaveAccessibleDescription(`${count} unread`);
    if (count === 0) await expect(this.badge).toBeHidden();
    else await expect(this.badge).toHaveText(count > 99 ? "99+" : String(count));
  }

  entry(text: string): Locator {
    return this.panel.getByTestId("notification").filter({ hasText: text });
  }

  tab(name: string | RegExp): Locator {
    return this.panel.getByRole("tab", { name });
  }

  toast(text: string): Locator {
    return this.page.getByTestId("live-toast").filter({ hasText: text });
  }
}

/** An API session for a demo account that is not looking at any page. */
async function apiAs(browser: Browser, email: string): Promise<APIRequestContext> {
  const context = await browser.newContext(sameOrigin(servers.main));
  await signInThroughApi(context.request, email);
  return context.request;
}

async function announce(admin: APIRequestContext, body: { message: string; level: "info" | "warning" | "critical"; roles?: string[] }) {
  const response = await admin.post("/api/realtime/announcement", { data: body });
  expect(response.status(), await response.text()).toBe(201);
}

const unique = (text: string) => `${text} (${randomUUID().slice(0, 6)})`;

test("an announcement reaches a client and a provider as a toast and in the panel", async ({ browser, saveScreenshots }) => {
  const admin = await apiAs(browser, "admin@demo.test");
  const client = await openAs(browser, "client@demo.test", "/client");
  const provider = await openAs(browser, "provider@demo.test", "/provider");
  const inboxes = [new Inbox(client.page), new Inbox(provider.page)];
  const message = unique("Scheduled maintenance tonight from 22:00 to 22:30 UTC");

  await announce(admin, { message, level: "info" });

  for (const inbox of inboxes) await expect(inbox.toast(message)).toBeVisible();
  await saveScreenshots("notification-toast", client.page);
  // Dismissed before the panel opens, so the panel's screenshot is unobstructed.
  await inboxes[1].toast(message).getByRole("button", { name: /^Dismiss/ }).click();
  await expect(inboxes[1].toast(message)).toBeHidden();
  for (const inbox of inboxes) {
    await inbox.open();
    await expect(inbox.entry(message)).toBeVisible();
    await expect(inbox.entry(message)).toContainText("Announcement");
    await inbox.tab("System").click();
    await expect(inbox.tab("System")).toHaveAttribute("aria-selected", "true");
    await expect(inbox.entry(message)).toBeVisible();
    await inbox.tab("Bookings").click();
    await expect(inbox.entry(message)).toBeHidden();
    await inbox.tab("All").click();
    await expect(inbox.entry(message)).toBeVisible();
  }
  await expect(inboxes[1].panel.getByRole("heading", { name: "Today" })).toBeVisible();
  await saveScreenshots("notification-panel", provider.page);
});

test("with the system inbox muted, an ordinary announcement pops up but stays out of the panel; a critical one is in it", async ({ browser }) => {
  const admin = await apiAs(browser, "admin@demo.test");
  const client2 = await apiAs(browser, "client2@demo.test");
  const setSystem = async (inbox: boolean) =>
    expect((await client2.put("/api/notifications/preferences", { data: { system: { inbox } } })).status()).toBe(200);
  await setSystem(false); // before the page opens, which renders with it
  try {
    const { page } = await openAs(browser, "client2@demo.test", "/client");
    const inbox = new Inbox(page);
    const before = await inbox.unread();
    const ordinary = unique("Coffee machine on floor 2 is fixed");
    const critical = unique("Payments are paused for five minutes");
    await announce(admin, { message: ordinary, level: "info" });
    await announce(admin, { message: critical, level: "critical" });
    // Events arrive in order: once the critical toast is up, the ordinary one was handled.
    await expect(inbox.toast(critical)).toBeVisible();
    await expect(inbox.toast(ordinary)).toBeVisible(); // pop-ups were not muted
    await inbox.expectUnread(before + 1);
    await inbox.open();
    await expect(inbox.entry(critical)).toBeVisible();
    await expect(inbox.entry(ordinary)).toHaveCount(0);
  } finally {
    await setSystem(true);
  }
});

test("the same client in two tabs: reading in one tab updates the other without a reload", async ({ browser, saveScreenshots }) => {
  const admin = await apiAs(browser, "admin@demo.test");
  const { context, page: first } = await openAs(browser, "client2@demo.test", "/client");
  const second = await context.newPage();
  await second.goto("/client");
  await expect(second.getByRole("status").filter({ hasText: /^(Live|Polling|Offline)$/ })).toHaveText("Live");
  const [tabA, tabB] = [new Inbox(first), new Inbox(second)];
  // Start from nothing unread (through the API: both tabs hear of it).
  expect((await context.request.post("/api/notifications/read", { data: { all: true } })).status()).toBe(200);
  for (const tab of [tabA, tabB]) await tab.expectUnread(0);
  const older = unique("Holiday opening hours");
  const newer = unique("New cleaning checklist");

  await announce(admin, { message: older, level: "info", roles: ["CLIENT"] });
  await announce(admin, { message: newer, level: "warning", roles: ["CLIENT"] });
  await tabB.expectUnread(2);
  await tabA.expectUnread(2);

  await tabA.open();
  await tabA.entry(older).getByRole("button", { name: /^Mark as read/ }).click();
  await expect(tabA.entry(older)).toHaveAttribute("data-read", "true");
  await tabB.expectUnread(1);

  await tabA.panel.getByRole("button", { name: "Mark all read" }).click();
  await tabA.expectUnread(0);
  await tabB.expectUnread(0);
  await tabB.open();
  for (const message of [older, newer]) await expect(tabB.entry(message)).toHaveAttribute("data-read", "true");
  await expect(tabB.panel.getByRole("button", { name: "Mark all read" })).toBeDisabled();
  await saveScreenshots("notification-panel-all-read", second);
});

test("a booking made through the API raises the provider's count live and shows in the panel", async ({ browser }) => {
  const admin = await apiAs(browser, "admin@demo.test");
  const client = await apiAs(browser, "client@demo.test");
  const provider = await openAs(browser, "provider2@demo.test", "/provider");
  const inbox = new Inbox(provider.page);
  const { services } = (await (await client.get("/api/services")).json()) as {
    services: { id: string; providerName: string; title: string; capacity: number }[];
  };
  const service = services.find((s) => s.providerName === "Pablo Provider")!;
  // A free unit whatever other tests booked, and a time that names this booking alone.
  expect((await admin.put(`/api/admin/services/${service.id}/availability`, { data: { available: service.capacity } })).status()).toBe(200);
  const scheduledAt = new Date(Date.now() + (2 + Math.floor(Math.random() * 300)) * 86_400_000);
  scheduledAt.setUTCHours(Math.floor(Math.random() * 24), Math.floor(Math.random() * 60), 0, 0);
  const when = scheduledAt.toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
  const before = await inbox.unread();

  const booked = await client.post("/api/bookings", { data: { serviceId: service.id, scheduledAt: scheduledAt.toISOString() } });
  expect(booked.status(), await booked.text()).toBe(201);

  await inbox.expectUnread(before + 1);
  await inbox.open();
  const entry = inbox.entry(when);
  await expect(entry).toContainText("New booking request");
  await expect(entry).toContainText(`Casey Client requested ${service.title}`);
  await expect(entry).toContainText("High");
  await expect(entry).toHaveAttribute("data-read", "false");
  await entry.click();
  await expect(entry).toHaveAttribute("data-read", "true");
  await inbox.expectUnread(before);
});

test("the panel by keyboard: focus moves in, arrows pick a filter, Escape closes and returns to the bell; a click outside closes", async ({
  browser,
}) => {
  const { page } = await openAs(browser, "client@demo.test", "/client");
  const inbox = new Inbox(page);
  await inbox.bell.focus();
  await page.keyboard.press("Enter");
  await expect(inbox.panel).toBeFocused();
  await expect(inbox.bell).toHaveAttribute("aria-expanded", "true");

  await inbox.tab("All").focus();
  await page.keyboard.press("ArrowRight");
  await expect(inbox.tab(/^Unread/)).toBeFocused();
  await expect(inbox.tab(/^Unread/)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("End");
  await expect(inbox.tab("System")).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Home");
  await expect(inbox.tab("All")).toHaveAttribute("aria-selected", "true");

  await page.keyboard.press("Escape");
  await expect(inbox.panel).toBeHidden();
  await expect(inbox.bell).toBeFocused();
  await expect(inbox.bell).toHaveAttribute("aria-expanded", "false");

  await inbox.open();
  await page.getByRole("main").click({ position: { x: 8, y: 8 } });
  await expect(inbox.panel).toBeHidden();
});

test("older items page in with Load older", async ({ browser }) => {
  const admin = await apiAs(browser, "admin@demo.test");
  const { page } = await openAs(browser, "staff@demo.test", "/staff");
  const inbox = new Inbox(page);
  const batch = unique("Shift note");
  const numbered = (i: number) => `${batch} #${String(i).padStart(2, "0")}`;
  for (let i = 1; i <= 22; i++) await announce(admin, { message: numbered(i), level: "info", roles: ["STAFF"] });

  await page.reload(); // the first page comes from the server this time, not from live events
  await inbox.open();
  await inbox.tab("System").click();
  const batchEntries = inbox.panel.getByTestId("notification").filter({ hasText: batch });
  await expect(batchEntries).toHaveCount(20);
  await expect(inbox.entry(numbered(22))).toBeVisible();
  await expect(inbox.entry(numbered(2))).toBeHidden();
  await inbox.panel.getByRole("button", { name: "Load older" }).click();
  await expect(batchEntries).toHaveCount(22);
  await expect(inbox.entry(numbered(1))).toBeVisible();
});

test("a critical announcement stays until dismissed; ordinary ones leave by themselves", async ({ browser, saveScreenshots }) => {
  const admin = await apiAs(browser, "admin@demo.test");
  const { page } = await openAs(browser, "provider@demo.test", "/provider");
  const inbox = new Inbox(page);
  const critical = unique("Payments are delayed: payouts resume within the hour");
  const ordinary = unique("New help articles for providers");

  await announce(admin, { message: critical, level: "critical", roles: ["PROVIDER"] });
  await announce(admin, { message: ordinary, level: "info", roles: ["PROVIDER"] });
  const alert = page.getByRole("alert").filter({ hasText: critical });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("Critical");
  await expect(inbox.toast(ordinary)).toBeVisible();
  await saveScreenshots("notification-toast-critical", page);

  await expect(inbox.toast(ordinary)).toBeHidden({ timeout: 15_000 });
  await expect(alert).toBeVisible();
  // Dismissing it while the panel is open leaves the panel open: the toast is not "a click away".
  await inbox.open();
  await alert.getByRole("button", { name: /^Dismiss/ }).click();
  await expect(alert).toBeHidden();
  await expect(inbox.entry(critical)).toBeVisible();
});
