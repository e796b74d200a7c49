import type { APIRequestContext, Page } from "@playwright/test";
import { apiAs, bookingOf, cents, detail, expect, pay, providerCard as bookingCard, region, test } from "./booking-fixtures";
import { openAs, servers } from "./support";

/**
 * The provider dashboard, live, as Priya Provider works it while clients act in their own
 * browsers (or through the API, as their apps would): requests arrive without a reload,
 * every step of the work is a click, and the money moves on the page by itself.
 */

async function statusOf(api: APIRequestContext, bookingId: string): Promise<string> {
  return (await bookingOf(api, bookingId)).status;
}

/** Marks the page so that a reload, which would lose the mark, fails the test at the end. */
async function expectNoReloadSince(page: Page): Promise<() => Promise<void>> {
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));
  return async () => expect(await page.evaluate(() => "sameDocument" in window), "the page was never reloaded").toBe(true);
}

test("a client's request appears at the top at once, and accepting it confirms the client's booking", async ({ browser, book, saveScreenshots }) => {
  const provider = await openAs(browser, "provider@demo.test", "/provider");
  const client = await openAs(browser, "client@demo.test", "/client");
  const noReload = await expectNoReloadSince(provider.page);
  const requests = region(provider.page, "Booking requests");
  const waitingBefore = await requests.getByRole("article").evaluateAll((cards) => cards.map((card) => card.getAttribute("data-booking-id")));

  const booking = await book(client.context.request, "Deep home cleaning");

  const card = bookingCard(requests, booking.id);
  await expect(card).toBeVisible();
  await expect(card.getByText("New", { exact: true })).toBeVisible();
  await expect(card).toContainText("Casey Client");
  await expect(detail(card, "Price")).toHaveText("$135.00");
  await expect(detail(card, "Payment")).toHaveText("Not paid yet");
  await expect(detail(card, "Hold")).toHaveText(/^1?\d:\d\d left$/);
  const waitingNow = await requests.getByRole("article").evaluateAll((cards) => cards.map((card) => card.getAttribute("data-booking-id")));
  expect(waitingNow.slice(0, waitingNow.length - waitingBefore.length), "the new request is above the ones that were waiting").toContain(booking.id);

  // Its unit is gone from the service's availability, live too.
  const { services } = (await (await client.context.request.get("/api/services")).json()) as { services: { id: string; available: number; capacity: number }[] };
  const service = services.find((s) => s.id === booking.serviceId)!;
  await expect(region(provider.page, "My services").locator(`[data-service-id="${service.id}"]`)).toContainText(`${service.available} of ${service.capacity} slots open`);
  await saveScreenshots("provider-new-request", provider.page);

  await card.getByRole("button", { name: "Accept", exact: true }).click();
  const confirmed = bookingCard(region(provider.page, "Upcoming and in progress"), booking.id);
  await expect(confirmed.locator("header")).toContainText("confirmed");
  await expect(confirmed).toBeFocused();
  await expect(card).toHaveCount(0);
  await expect(confirmed.getByText("New", { exact: true })).toHaveCount(0);

  // The client's dashboard is still a server-rendered table, so its side is read from the API.
  await expect.poll(() => statusOf(client.context.request, booking.id)).toBe("CONFIRMED");
  await noReload();
  await Promise.all([provider.context.close(), client.context.close()]);
});

test("the money path: paid by card, started, completed, confirmed by the client, and the payout completes on the page", async ({
  browser,
  book,
  clientApi,
  saveScreenshots,
}) => {
  const provider = await openAs(browser, "provider@demo.test", "/provider");
  const noReload = await expectNoReloadSince(provider.page);
  const earnings = region(provider.page, "Earnings");
  const booking = await book(clientApi, "Deep home cleaning");
  const card = bookingCard(provider.page, booking.id);

  await card.getByRole("button", { name: "Accept", exact: true }).click();
  await expect(card.locator("header")).toContainText("confirmed");
  const heldBefore = await cents(detail(earnings, "Held in escrow"));
  await pay(clientApi, booking.id, "CARD");
  await expect(detail(card, "Payment")).toHaveText(/Card\s*escrow/);
  await expect.poll(() => cents(detail(earnings, "Held in escrow"))).toBe(heldBefore + 13500);

  await card.getByRole("button", { name: "Start", exact: true }).click();
  await expect(card.locator("header")).toContainText("in progress");
  const paidOutBefore = await cents(detail(earnings, "Paid out"));
  await card.getByRole("button", { name: "Complete", exact: true }).click();
  await expect(bookingCard(region(provider.page, "History"), booking.id).locator("header")).toContainText("completed");
  // The money waits for the client now, not for Priya.
  await expect(detail(card, "Payment")).toHaveText(/Card\s*escrow/);
  await expect(card).toContainText("Held in escrow until Casey Client confirms the work");

  expect((await clientApi.post(`/api/bookings/${booking.id}/confirm`)).status()).toBe(200);
  await expect(detail(card, "Payment")).toHaveText(/Card\s*released/);
  await expect.poll(() => cents(detail(earnings, "Held in escrow"))).toBe(heldBefore);

  // $135.00 less the 10% platform fee; the simulated processor moves it on every 2 s.
  const payout = earnings.getByRole("list", { name: "Payouts" }).locator(`[data-booking-id="${booking.id}"]`);
  await expect(payout).toContainText("$121.50");
  await expect(payout).toContainText(/pending|processing/);
  await expect(payout).toContainText("completed", { timeout: 15_000 });
  await expect(detail(card, "Payout")).toHaveText(/\$121\.50\s*completed/);
  await expect.poll(() => cents(detail(earnings, "Paid out"))).toBeGreaterThanOrEqual(paidOutBefore + 12150);
  await saveScreenshots("provider-payout-completed", provider.page);
  await noReload();
  await provider.context.close();
});

test("cash: the client promises cash, the provider verifies it, and completing the work settles it with the fee owed", async ({
  browser,
  book,
  clientApi,
}) => {
  const provider = await openAs(browser, "provider@demo.test", "/provider");
  const earnings = region(provider.page, "Earnings");
  const booking = await book(clientApi, "Move-out cleaning");
  const card = bookingCard(provider.page, booking.id);
  await expect(card).toBeVisible();
  await expect(card.getByRole("button", { name: "Verify cash", exact: true })).toHaveCount(0);

  await pay(clientApi, booking.id, "CASH");
  await expect(detail(card, "Payment")).toHaveText(/Cash\s*pending/);
  const heldBefore = await cents(detail(earnings, "Held in escrow"));
  const owedBefore = await cents(detail(earnings, "Cash fees owed"));
  await card.getByRole("button", { name: "Verify cash", exact: true }).click();
  // Priya holds the cash herself: nothing is in escrow for it.
  await expect(detail(card, "Payment")).toHaveText(/Cash\s*paid/);
  await expect(card.getByRole("button", { name: "Verify cash", exact: true })).toHaveCount(0);
  expect(await cents(detail(earnings, "Held in escrow"))).toBe(heldBefore);

  await card.getByRole("button", { name: "Accept", exact: true }).click();
  await card.getByRole("button", { name: "Start", exact: true }).click();
  await card.getByRole("button", { name: "Complete", exact: true }).click();
  await expect(detail(card, "Payment")).toHaveText(/Cash\s*released/);
  // 10% of $1,500.00, owed to the platform; no payout for cash.
  await expect.poll(() => cents(detail(earnings, "Cash fees owed"))).toBe(owedBefore + 15000);
  await expect(detail(card, "Payout")).toHaveCount(0);
  await provider.context.close();
});

test("an action the booking no longer allows waits, then says why in the API's words", async ({ browser, book, clientApi, providerApi, saveScreenshots }) => {
  const provider = await openAs(browser, "provider@demo.test", "/provider");
  const booking = await book(clientApi, "Deep home cleaning");
  const card = bookingCard(provider.page, booking.id);
  const accept = card.getByRole("button", { name: "Accept", exact: true });

  // Hold this click's request until Priya, in another tab, has accepted the booking first.
  let letThrough!: () => void;
  const held = new Promise<void>((resolve) => (letThrough = resolve));
  await provider.page.route(`**/api/bookings/${booking.id}/accept`, async (route) => {
    await held;
    await route.continue();
  });
  await accept.click();
  await expect(accept).toHaveAttribute("aria-busy", "true");
  await expect(card.getByRole("button", { name: "Reject", exact: true })).toBeDisabled();
  await expect(card.getByRole("button", { name: "Cancel", exact: true })).toBeDisabled();
  expect((await providerApi.post(`/api/bookings/${booking.id}/accept`)).status()).toBe(200);
  letThrough();

  await expect(card.getByRole("alert")).toHaveText("A CONFIRMED booking cannot be accepted");
  await expect(bookingCard(region(provider.page, "Upcoming and in progress"), booking.id).locator("header")).toContainText("confirmed");
  await saveScreenshots("provider-refused-action", provider.page);
  await provider.context.close();
});

test("cancelling asks first, and keeping the booking changes nothing", async ({ browser, book, clientApi, providerApi, saveScreenshots }) => {
  const provider = await openAs(browser, "provider@demo.test", "/provider");
  const booking = await book(clientApi, "Deep home cleaning");
  expect((await providerApi.post(`/api/bookings/${booking.id}/accept`)).status()).toBe(200);
  await pay(clientApi, booking.id, "CARD");
  const card = bookingCard(region(provider.page, "Upcoming and in progress"), booking.id);
  const dialog = provider.page.getByRole("dialog", { name: "Cancel this booking?" });

  await card.getByRole("button", { name: "Cancel", exact: true }).click();
  await expect(dialog).toContainText("The client's payment is refunded.");
  await expect(dialog.getByRole("button", { name: "Keep booking" })).toBeFocused();
  await saveScreenshots("provider-cancel-dialog", provider.page);
  await provider.page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  expect(await statusOf(providerApi, booking.id)).toBe("CONFIRMED");

  await card.getByRole("button", { name: "Cancel", exact: true }).click();
  await dialog.getByRole("button", { name: "Cancel booking" }).click();
  const cancelled = bookingCard(region(provider.page, "History"), booking.id);
  await expect(cancelled.locator("header")).toContainText("cancelled");
  await expect(detail(cancelled, "Payment")).toHaveText(/Card\s*refunded/);
  await provider.context.close();
});

test("chat with the client, who shows as online while their page is open", async ({ browser, book, saveScreenshots }) => {
  const provider = await openAs(browser, "provider@demo.test", "/provider");
  const client = await openAs(browser, "client2@demo.test", "/client");
  const booking = await book(client.context.request, "Move-out cleaning");
  const card = bookingCard(provider.page, booking.id);
  const chatButton = card.getByRole("button", { name: /^Chat/ });
  await expect(chatButton).toHaveAttribute("aria-expanded", "false");

  // A message while the chat is closed shows as unread on its button.
  expect((await client.context.request.post(`/api/bookings/${booking.id}/messages`, { data: { body: "Is parking available nearby?" } })).status()).toBe(201);
  await expect(chatButton).toHaveAccessibleName("Chat, 1 new message");

  await chatButton.click();
  await expect(chatButton).toHaveAttribute("aria-expanded", "true");
  await expect(card.getByText("Cameron Client is online")).toBeVisible();
  await expect(card.getByRole("list", { name: "Messages" })).toContainText("Is parking available nearby?");
  await card.getByLabel("Message to Cameron Client").fill("Yes, right in front of the building.");
  await card.getByRole("button", { name: "Send", exact: true }).click();
  await expect(card.getByRole("list", { name: "Messages" })).toContainText("Yes, right in front of the building.");
  await expect(chatButton).toHaveAccessibleName("Chat");
  await saveScreenshots("provider-chat", provider.page);

  await client.context.close();
  await expect(card.getByText("Cameron Client is away")).toBeVisible();
  await provider.context.close();
});

test("a request's hold counts down, warns, and expires on the page", async ({ browser, book, playwright }) => {
  // This server holds a request for 15 s and warns 12 s before the end.
  const provider = await openAs(browser, "provider@demo.test", "/provider", servers.shortHold);
  const clientApi = await apiAs(playwright.request, "client@demo.test", servers.shortHold);
  const booking = await book(clientApi, "Move-out cleaning", { server: servers.shortHold });
  const card = bookingCard(region(provider.page, "Booking requests"), booking.id);

  await expect(detail(card, "Hold")).toHaveText(/^0:1\d left/);
  await expect(detail(card, "Hold")).toHaveText(/^0:\d\d left, expiring soon$/);
  const expired = bookingCard(region(provider.page, "History"), booking.id);
  await expect(expired.locator("header")).toContainText("expired", { timeout: 20_000 });
  await expect(card).toHaveCount(0);
  await clientApi.dispose();
  await provider.context.close();
});

test("the dashboard with bookings at every stage, on a desktop and a phone", async ({ browser, book, clientApi, providerApi, saveScreenshots }) => {
  const provider = await openAs(browser, "provider@demo.test", "/provider");
  const inProgress = await book(clientApi, "Deep home cleaning");
  const confirmed = await book(clientApi, "Move-out cleaning");
  for (const step of ["accept", "start"]) expect((await providerApi.post(`/api/bookings/${inProgress.id}/${step}`)).status()).toBe(200);
  await pay(clientApi, inProgress.id, "CARD");
  expect((await providerApi.post(`/api/bookings/${confirmed.id}/accept`)).status()).toBe(200);
  await pay(clientApi, confirmed.id, "CASH");
  const request = await book(clientApi, "Deep home cleaning");

  await expect(bookingCard(region(provider.page, "Booking requests"), request.id).getByText("New", { exact: true })).toBeVisible();
  await expect(detail(bookingCard(provider.page, confirmed.id), "Payment")).toHaveText(/Cash\s*pending/);
  await expect(detail(bookingCard(provider.page, inProgress.id), "Payment")).toHaveText(/Card\s*escrow/);
  await saveScreenshots("provider-dashboard", provider.page);
  await provider.context.close();
});
