import type { Locator, Page } from "@playwright/test";
import { clientCard, expect, pay, test } from "./booking-fixtures";
import { openAs, VIEWPORTS } from "./support";

/**
 * Issue 22: toasts stack at the top, below the header, where they cover none of a card's
 * controls, and the burst of one action (the provider cancels a paid booking: its refund
 * and its cancellation, after its acceptance and payment) is one toast, not four.
 */

/** Whether what is drawn at the middle of `control` is the control itself (nothing lies over it). */
async function uncovered(control: Locator): Promise<boolean> {
  return control.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return top !== null && element.contains(top);
  });
}

async function headerBottom(page: Page): Promise<number> {
  return page.locator("header").evaluate((header) => header.getBoundingClientRect().bottom);
}

// Four toasts of one cancellation are one, below the header and clear of "Cancel booking" and "Pay in cash".
test("a burst of toasts is one toast that covers no control", async ({ browser, book, clientApi, providerApi, saveScreenshots }) => {
  // A confirmed, unpaid booking: its card offers "Cancel booking" and "Pay in cash".
  const kept = await book(clientApi, "Move-out cleaning");
  expect((await providerApi.post(`/api/bookings/${kept.id}/accept`)).status()).toBe(200);
  const { page } = await openAs(browser, "client@demo.test", "/client");
  const card = clientCard(page, kept.id);
  const controls = [card.getByRole("button", { name: "Cancel booking" }), card.getByRole("button", { name: "Pay in cash" })];
  for (const control of controls) await expect(control).toBeVisible();

  // Another booking: accepted, paid by card, then cancelled by the provider.
  const booking = await book(clientApi, "Deep home cleaning");
  expect((await providerApi.post(`/api/bookings/${booking.id}/accept`)).status()).toBe(200);
  await pay(clientApi, booking.id, "CARD");
  const toasts = page.getByTestId("live-toast");
  await expect(toasts.filter({ hasText: "Payment held in escrow" })).toBeVisible({ timeout: 15_000 });
  expect((await providerApi.post(`/api/bookings/${booking.id}/cancel`)).status()).toBe(200);

  // One toast, led by the critical cancellation (it stays until dismissed), naming the rest.
  const toast = toasts.filter({ hasText: "Booking cancelled" });
  await expect(toast).toContainText("Also: Payment refunded · Payment held in escrow · Your booking was accepted");
  await expect(toasts).toHaveCount(1);
  await expect(toast).toHaveAttribute("role", "alert");

  for (const size of Object.values(VIEWPORTS)) {
    await page.setViewportSize(size);
    await page.evaluate(() => window.scrollTo(0, 0));
    const box = (await toast.boundingBox())!;
    expect(box.y, `the toast starts below the header at ${size.width}px`).toBeGreaterThanOrEqual(await headerBottom(page));
    // A phone's first control, under the title: the link down to the bookings.
    const jump = page.getByRole("link", { name: /^My bookings: \d+ open/ });
    if (size === VIEWPORTS.phone) {
      await expect(jump).toBeVisible();
      expect(await uncovered(jump), "the jump link on a phone").toBe(true);
    }
    // Wherever a person scrolls a card to, at the middle or the foot of the screen.
    for (const control of controls) {
      for (const block of ["center", "end"] as const) {
        await control.evaluate((element, at) => element.scrollIntoView({ block: at }), block);
        expect(await uncovered(control), `${await control.innerText()} at the ${block} of ${size.width}px`).toBe(true);
      }
    }
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await saveScreenshots("toasts-one-burst", page);

  await toast.getByRole("button", { name: "Dismiss: Booking cancelled" }).click();
  await expect(toasts).toHaveCount(0);
});
