import type { Page } from "@playwright/test";
import { expect, openAs, servers, sameOrigin, signInThroughApi, test } from "./support";

/**
 * The contract's first scenario, through both people's pages at once: a client books; the
 * provider's dashboard shows the request without a reload; the provider accepts; the
 * client sees a toast, the new status and the bell's count change.
 */
const SERVICE = "Personal training session"; // Pablo Provider's, capacity 5

async function unread(page: Page): Promise<number> {
  return Number((await page.getByRole("button", { name: "Notifications" }).textContent())?.replace(/\D/g, "") || 0);
}

test("a booking made on the client's page is accepted live on the provider's", async ({ browser, playwright, saveScreenshots }) => {
  const admin = await playwright.request.newContext(sameOrigin(servers.main));
  await signInThroughApi(admin, "admin@demo.test");
  const { services } = (await (await admin.get("/api/services")).json()) as { services: { id: string; title: string; capacity: number }[] };
  const service = services.find((s) => s.title === SERVICE)!;
  expect((await admin.put(`/api/admin/services/${service.id}/availability`, { data: { available: service.capacity } })).status()).toBe(200);

  const provider = await openAs(browser, "provider2@demo.test", "/provider");
  const client = await openAs(browser, "client@demo.test", "/client");

  const card = client.page.getByRole("region", { name: "Services" }).getByRole("listitem").filter({ has: client.page.getByRole("heading", { name: SERVICE }) });
  const answered = client.page.waitForResponse((r) => r.url().endsWith("/api/bookings") && r.request().method() === "POST");
  await card.getByRole("button", { name: /^Book/ }).click();
  const { booking } = (await (await answered).json()) as { booking: { id: string } };

  const request = provider.page.locator(`article[data-booking-id="${booking.id}"]`);
  await expect(request).toBeVisible();
  await expect(request.getByText("New", { exact: true })).toBeVisible();
  const bellBefore = await unread(client.page);
  await request.getByRole("button", { name: "Accept", exact: true }).click();

  const mine = client.page.locator(`#booking-${booking.id}`);
  await expect(mine.getByText("confirmed", { exact: true })).toBeVisible();
  await expect(client.page.getByText("Your booking was accepted").first()).toBeVisible();
  await expect.poll(() => unread(client.page)).toBe(bellBefore + 1);
  await saveScreenshots("live-booking-client", client.page);
  await saveScreenshots("live-booking-provider", provider.page);

  await Promise.all([client.context.close(), provider.context.close(), admin.dispose()]);
});
