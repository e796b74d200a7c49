import { randomUUID } from "node:crypto";
import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { expect, openAs, sameOrigin, servers, signInThroughApi, test } from "./support";

/**
 * Notification settings and availability alerts in Chromium: a muted kind raises no toast
 * while a critical one still does, a client watching a full service is told when a spot
 * opens, and a provider sets the alert of a service. Every test puts back what it changed.
 */

const INTERNAL_SECRET = "e2e-internal-api-secret-of-32-characters"; // the test servers' value (playwright.config.ts)

async function apiAs(browser: Browser, email: string): Promise<APIRequestContext> {
  const context = await browser.newContext(sameOrigin(servers.main));
  await signInThroughApi(context.request, email);
  return context.request;
}

/** A system notification to one user, as an internal service sends it. */
async function notify(request: APIRequestContext, userId: string, title: string, priority: "medium" | "critical") {
  const reply = await request.post("/api/realtime/trigger", {
    headers: { authorization: `Bearer ${INTERNAL_SECRET}` },
    data: { event: "system:notice", to: { users: [userId] }, notification: { title, body: "From the e2e test", priority } },
  });
  expect(reply.status()).toBe(202);
}

async function serviceNamed(request: APIRequestContext, title: string) {
  const { services } = (await (await request.get("/api/services")).json()) as { services: { id: string; title: string; capacity: number }[] };
  return services.find((s) => s.title === title)!;
}

async function setAvailability(admin: APIRequestContext, serviceId: string, available: number) {
  expect((await admin.put(`/api/admin/services/${serviceId}/availability`, { data: { available } })).status()).toBe(200);
}

const toast = (page: Page, text: string) => page.getByTestId("live-toast").filter({ hasText: text });

test("a muted kind raises no toast while a critical one still does; the inbox keeps both", async ({ browser, request, saveScreenshots }) => {
  const { page } = await openAs(browser, "admin@demo.test", "/admin");
  await page.getByRole("link", { name: "Notification settings" }).click();
  await expect(page.getByRole("heading", { name: "Notification settings", level: 1 })).toBeVisible();
  const adminId = ((await (await page.context().request.get("/api/auth/session")).json()) as { user: { id: string } }).user.id;

  const popUps = page.getByRole("switch", { name: "System: pop-ups" });
  await expect(popUps).toHaveAttribute("aria-checked", "true");
  await popUps.click();
  await expect(popUps).toHaveAttribute("aria-checked", "false");
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  await saveScreenshots("notification-settings", page);

  try {
    const muted = `Muted notice ${randomUUID().slice(0, 8)}`;
    const critical = `Critical notice ${randomUUID().slice(0, 8)}`;
    await notify(request, adminId, muted, "medium");
    await notify(request, adminId, critical, "critical");
    // Events reach the tab in order: once the critical toast is up, the muted one was handled.
    await expect(page.getByRole("alert").filter({ hasText: critical })).toBeVisible();
    await expect(toast(page, muted)).toHaveCount(0);
    await page.getByRole("button", { name: "Notifications", exact: true }).click();
    const panel = page.getByRole("dialog", { name: "Notifications" });
    await expect(panel.getByTestId("notification").filter({ hasText: muted })).toBeVisible();
    await expect(panel.getByTestId("notification").filter({ hasText: critical })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(panel).toBeHidden();
  } finally {
    await popUps.click();
    await expect(popUps).toHaveAttribute("aria-checked", "true");
  }
  // Turned back on, the same kind pops up again.
  const again = `Ordinary notice ${randomUUID().slice(0, 8)}`;
  await notify(request, adminId, again, "medium");
  await expect(toast(page, again)).toBeVisible();
});

test("every role reaches its notification settings from the header, with the kinds it receives", async ({ browser, saveScreenshots }) => {
  const homes = [
    ["client@demo.test", "/client", ["Bookings", "Payments", "Chat", "System"]],
    ["provider2@demo.test", "/provider", ["Bookings", "Payments", "Payouts", "Chat", "System"]],
    ["staff@demo.test", "/staff", ["System"]],
  ] as const;
  for (const [email, home, kinds] of homes) {
    const { page } = await openAs(browser, email, home);
    await page.getByRole("link", { name: "Notification settings" }).click();
    await expect(page.getByRole("heading", { name: "Notification settings", level: 1 })).toBeVisible();
    await expect(page.getByRole("rowheader")).toHaveText(kinds.map((kind) => new RegExp(`^${kind}`)));
    await expect(page.getByRole("switch")).toHaveCount(kinds.length * 2);
    if (email === "client@demo.test") await saveScreenshots("notification-settings-client", page);
  }
});

test("a client watching a full service is told when a spot opens", async ({ browser, saveScreenshots }) => {
  const admin = await apiAs(browser, "admin@demo.test");
  const moveOut = await serviceNamed(admin, "Move-out cleaning");
  await setAvailability(admin, moveOut.id, 0);
  try {
    const { page } = await openAs(browser, "client2@demo.test", "/client");
    const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: moveOut.title }) });
    const notifyMe = card.getByRole("button", { name: `Notify me when a spot opens at ${moveOut.title}` });
    await expect(notifyMe).toHaveAttribute("aria-pressed", "false");
    await notifyMe.click();
    await expect(notifyMe).toHaveAttribute("aria-pressed", "true");
    await saveScreenshots("client-watching-full-service", page);

    await setAvailability(admin, moveOut.id, 1);
    await expect(toast(page, `A spot opened at ${moveOut.title}`)).toBeVisible();
    await notifyMe.click();
    // No longer full nor watched: the toggle goes away, and the watch with it; but not while
    // it has the focus, so a keyboard user keeps their place on the page.
    await expect(notifyMe).toHaveAttribute("aria-pressed", "false");
    await expect(notifyMe).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(notifyMe).toHaveCount(0);
    expect(((await (await page.context().request.get("/api/services/watches")).json()) as { serviceIds: string[] }).serviceIds).not.toContain(moveOut.id);
  } finally {
    await setAvailability(admin, moveOut.id, moveOut.capacity);
  }
});

test("a provider sets the low-availability alert of a service", async ({ browser, saveScreenshots }) => {
  const { page } = await openAs(browser, "provider@demo.test", "/provider");
  const row = page.getByRole("list", { name: "My services" }).getByRole("listitem").filter({ hasText: "Deep home cleaning" });
  const alert = row.getByRole("combobox", { name: "Low-availability alert" });
  await expect(alert).toHaveValue("");
  await alert.selectOption({ label: "At 1 slot open" });
  await expect(page.getByText("We will warn you when Deep home cleaning is down to 1 slot open")).toBeVisible();
  await saveScreenshots("provider-availability-alert", page);
  await page.reload();
  await expect(alert).toHaveValue("1");
  await alert.selectOption({ label: "Off" });
  await expect(page.getByText("Alert for Deep home cleaning turned off")).toBeVisible();
});
