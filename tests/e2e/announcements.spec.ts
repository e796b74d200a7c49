import { randomUUID } from "node:crypto";
import type { Locator } from "@playwright/test";
import { clientCard, expect, region, test } from "./booking-fixtures";
import { openAs, VIEWPORTS } from "./support";

/**
 * Issue 22: an announcement is labelled with the level its author chose ("Warning", not
 * "High"); a long unbroken word wraps inside a phone's notification sheet and a chat
 * bubble instead of widening them, and a long text is clamped with "Show more"; the admin
 * page lists the announcements already sent, live.
 */

/** Whether the element's content fits its width (nothing sticks out sideways). */
async function fitsWidth(element: Locator): Promise<boolean> {
  return element.evaluate((e) => e.scrollWidth <= e.clientWidth);
}

test("a Warning announcement with a 1,000-character word: labelled Warning, wrapped and clamped on a phone, listed as sent", async ({
  browser,
  saveScreenshots,
}) => {
  const admin = await openAs(browser, "admin@demo.test", "/admin");
  const otherAdmin = await openAs(browser, "admin@demo.test", "/admin");
  const client = await openAs(browser, "client@demo.test", "/client");
  await client.page.setViewportSize(VIEWPORTS.phone);

  const word = `${randomUUID().slice(0, 8)}${"w".repeat(992)}`;
  const composer = admin.page.getByRole("form", { name: "Announcement" });
  await composer.getByLabel("Message").fill(word);
  await composer.getByText("Warning", { exact: true }).click();
  await composer.getByRole("button", { name: "Send to everyone" }).click();

  // The client's toast and inbox say "Warning", as the admin chose it.
  const toast = client.page.getByTestId("live-toast").filter({ hasText: word.slice(0, 8) });
  await expect(toast).toContainText("Warning");
  await expect(toast).not.toContainText(/high/i);
  await client.page.getByRole("button", { name: "Notifications", exact: true }).click();
  const sheet = client.page.getByRole("dialog", { name: "Notifications" });
  const item = sheet.getByTestId("notification").filter({ hasText: word.slice(0, 8) });
  await expect(item).toContainText("Warning");
  await expect(item).not.toContainText(/high/i);

  // Wrapped inside the sheet, three lines until asked for the rest.
  const body = item.getByText(word);
  const clamped = (await body.boundingBox())!.height;
  expect(await fitsWidth(item)).toBe(true);
  expect((await body.boundingBox())!.width).toBeLessThanOrEqual(VIEWPORTS.phone.width);
  await saveScreenshots("announcement-phone-sheet", client.page);
  await item.getByRole("button", { name: "Show more" }).click();
  await expect(item.getByRole("button", { name: "Show less" })).toHaveAttribute("aria-expanded", "true");
  expect((await body.boundingBox())!.height).toBeGreaterThan(clamped * 2);
  await expect(item, "Show more does not read the item").toHaveAttribute("data-read", "false");

  // Both admins' pages list it as sent, live; a reload still does.
  for (const page of [admin.page, otherAdmin.page]) {
    const sent = region(page, "Announcement").getByRole("list", { name: "Sent announcements, newest first" }).getByRole("listitem").first();
    await expect(sent).toContainText(word.slice(0, 8));
    await expect(sent).toContainText("Warning · to everyone · Ada Admin");
  }
  await admin.page.reload();
  const listed = region(admin.page, "Announcement").getByRole("listitem").filter({ hasText: word.slice(0, 8) });
  await expect(listed).toContainText("Warning · to everyone");
  expect(await fitsWidth(listed)).toBe(true);
  await saveScreenshots("announcement-admin-sent", admin.page);
});

test("a 2,000-character chat message wraps inside its bubble", async ({ browser, book, clientApi, providerApi, saveScreenshots }) => {
  const booking = await book(clientApi, "Deep home cleaning");
  const long = `${randomUUID().slice(0, 8)}${"m".repeat(1992)}`;
  expect((await providerApi.post(`/api/bookings/${booking.id}/messages`, { data: { body: long } })).status()).toBe(201);
  const { page } = await openAs(browser, "client@demo.test", "/client");
  await page.setViewportSize(VIEWPORTS.phone);
  const card = clientCard(page, booking.id);
  await card.getByRole("button", { name: /^Chat/ }).click();
  const bubble = card.getByRole("list", { name: "Messages" }).getByRole("listitem").filter({ hasText: long.slice(0, 8) });
  await expect(bubble).toBeVisible();
  expect(await fitsWidth(bubble)).toBe(true);
  expect(await fitsWidth(card)).toBe(true);
  await bubble.scrollIntoViewIfNeeded();
  await saveScreenshots("chat-long-message", page);
});
