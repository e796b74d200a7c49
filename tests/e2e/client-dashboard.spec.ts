import type { APIRequestContext, Locator, Page, Response } from "@playwright/test";
import { expect, openAs, servers, sameOrigin, signInThroughApi, test as base, VIEWPORTS } from "./support";

/**
 * The client's dashboard, live: booking with availability that changes in another client's
 * browser, the hold's countdown, warning, expiry and renewal (on the 15-second-hold
 * server), paying, the provider's accept, cancelling. Everything a test needs it makes
 * itself through the API (the servers' databases are shared by every test of a run), and
 * every change after the page opened must arrive without a reload.
 */

type Service = { id: string; title: string; capacity: number; available: number };
type Booking = { id: string; status: string };

type Fixtures = {
  /** A client's browser at /client on a server, closed after the test. */
  openDashboard: (email: string, baseURL?: string) => Promise<Page>;
  /** An API client signed in as `email` on a server, disposed of after the test. */
  apiAs: (email: string, baseURL?: string) => Promise<APIRequestContext>;
};

const test = base.extend<Fixtures>({
  openDashboard: async ({ browser }, use) => {
    const contexts: Awaited<ReturnType<typeof openAs>>["context"][] = [];
    await use(async (email, baseURL = servers.main) => {
      const { context, page } = await openAs(browser, email, "/client", baseURL);
      contexts.push(context);
      return page;
    });
    await Promise.all(contexts.map((context) => context.close()));
  },

  apiAs: async ({ playwright }, use) => {
    const made: APIRequestContext[] = [];
    await use(async (email, baseURL = servers.main) => {
      const request = await playwright.request.newContext(sameOrigin(baseURL));
      made.push(request);
      await signInThroughApi(request, email);
      return request;
    });
    await Promise.all(made.map((request) => request.dispose()));
  },
});

// ── Helpers: the API as the people in the test would call it ──────────────────────────

async function serviceNamed(request: APIRequestContext, title: string): Promise<Service> {
  const { services } = (await (await request.get("/api/services")).json()) as { services: Service[] };
  const service = services.find((s) => s.title === title);
  if (!service) throw new Error(`no service "${title}"`);
  return service;
}

/** The admin sets a service's free units, so a test starts from a known count. */
async function setAvailability(admin: APIRequestContext, service: Service, available: number): Promise<void> {
  const response = await admin.put(`/api/admin/services/${service.id}/availability`, { data: { available } });
  expect(response.status(), `availability of ${service.title}`).toBe(200);
}

async function book(client: APIRequestContext, service: Service, hoursAhead = 24): Promise<Booking> {
  const scheduledAt = new Date(Date.now() + hoursAhead * 60 * 60 * 1000).toISOString();
  const response = await client.post("/api/bookings", { data: { serviceId: service.id, scheduledAt } });
  expect(response.status(), `booking ${service.title}`).toBe(201);
  return ((await response.json()) as { booking: Booking }).booking;
}

async function post(request: APIRequestContext, path: string, data?: object): Promise<void> {
  const response = await request.post(path, data ? { data } : {});
  expect(response.status(), `POST ${path}`).toBeLessThan(300);
}

// ── Helpers: the page as a client sees it ────────────────────────────────────────────

function serviceCard(page: Page, title: string): Locator {
  return page
    .getByRole("region", { name: "Services" })
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: title }) });
}

function availabilityOf(card: Locator): Locator {
  return card.getByText(/^\d+ of \d+ slots? open$/);
}

function bookingCard(page: Page, booking: { id: string }): Locator {
  return page.locator(`#booking-${booking.id}`);
}

function statusOf(card: Locator, status: string): Locator {
  return card.getByText(status, { exact: true });
}

/** Presses a service card's Book button and returns the booking the API answered with. */
async function bookOnPage(page: Page, card: Locator): Promise<Booking> {
  const answered = page.waitForResponse((r: Response) => r.url().endsWith("/api/bookings") && r.request().method() === "POST");
  await card.getByRole("button", { name: /^Book/ }).click();
  const response = await answered;
  expect(response.status()).toBe(201);
  return ((await response.json()) as { booking: Booking }).booking;
}

// ── Tests ───────────────────────────────────────────────────────────────────────────

test("a client books on the page: PENDING with a ticking countdown, and another client's card loses a unit live", async ({
  openDashboard,
  apiAs,
  saveScreenshots,
}) => {
  const admin = await apiAs("admin@demo.test");
  const service = await serviceNamed(admin, "Deep home cleaning");
  await setAvailability(admin, service, service.capacity);

  const page = await openDashboard("client@demo.test");
  const other = await openDashboard("client2@demo.test");
  const othersCard = serviceCard(other, service.title);
  await expect(availabilityOf(othersCard)).toHaveText(`${service.capacity} of ${service.capacity} slots open`);

  const booking = await bookOnPage(page, serviceCard(page, service.title));
  const mine = bookingCard(page, booking);
  await expect(statusOf(mine, "pending")).toBeVisible();
  const countdown = mine.getByText(/^Hold ends in \d{2}:\d{2}/);
  await expect(countdown).toBeVisible();
  const firstReading = await countdown.textContent();
  await expect(countdown).not.toHaveText(firstReading ?? "");

  await expect(availabilityOf(othersCard)).toHaveText(`${service.capacity - 1} of ${service.capacity} slots open`);
  await expect(availabilityOf(serviceCard(page, service.title))).toHaveText(`${service.capacity - 1} of ${service.capacity} slots open`);
  await saveScreenshots("client-booked", page);

  // On a phone the catalogue comes first; a link at the top leads down to the open bookings.
  await page.setViewportSize(VIEWPORTS.phone);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByRole("link", { name: /^My bookings: \d+ open$/ }).click();
  await expect(page.getByRole("heading", { name: "My bookings", level: 2 })).toBeInViewport();
});

test("a hold counts down, warns, expires, and Renew puts it back to PENDING", async ({ openDashboard, apiAs, saveScreenshots }) => {
  test.setTimeout(90_000);
  const admin = await apiAs("admin@demo.test", servers.shortHold);
  const service = await serviceNamed(admin, "Move-out cleaning");
  await setAvailability(admin, service, service.capacity);

  const page = await openDashboard("client@demo.test", servers.shortHold);
  // In a fresh run this client has nothing on this server yet: the empty state.
  await saveScreenshots("client-start", page);

  const booking = await bookOnPage(page, serviceCard(page, service.title));
  const card = bookingCard(page, booking);
  await expect(statusOf(card, "pending")).toBeVisible();
  await expect(card.getByText(/^Hold ends in \d{2}:\d{2}/)).toBeVisible();

  await expect(card.getByRole("status")).toHaveText(/Hold ends soon/, { timeout: 30_000 });
  await saveScreenshots("client-hold-expiring", page);

  await expect(statusOf(card, "expired")).toBeVisible({ timeout: 30_000 });
  await expect(card.getByText(/hold ran out/)).toBeVisible();
  await saveScreenshots("client-hold-expired", page);

  await card.getByRole("button", { name: "Renew" }).click();
  await expect(statusOf(card, "pending")).toBeVisible();
  await expect(card.getByText(/^Hold ends in \d{2}:\d{2}/)).toBeVisible();
  await expect(card.getByRole("button", { name: "Renew" })).toHaveCount(0);
});

test("paying by card holds the money in escrow; the provider's accept confirms it live; cancelling early refunds all of it", async ({
  openDashboard,
  apiAs,
  saveScreenshots,
}) => {
  const [admin, client, provider] = await Promise.all([apiAs("admin@demo.test"), apiAs("client@demo.test"), apiAs("provider@demo.test")]);
  const service = await serviceNamed(admin, "Move-out cleaning");
  await setAvailability(admin, service, service.capacity);
  // Two days ahead: well before the late-cancellation fee starts (a day before).
  const booking = await book(client, service, 48);

  const page = await openDashboard("client@demo.test");
  const card = bookingCard(page, booking);
  await expect(statusOf(card, "pending")).toBeVisible();
  await expect(card.getByText(/Not paid yet/)).toBeVisible();

  await card.getByRole("button", { name: "Pay by card" }).click();
  await expect(card.getByText(/held in escrow until the work is done/)).toBeVisible();
  await expect(card.getByRole("button", { name: "Pay by card" })).toHaveCount(0);

  await post(provider, `/api/bookings/${booking.id}/accept`);
  await expect(statusOf(card, "confirmed")).toBeVisible();
  await expect(card.getByText(/accepted/)).toBeVisible();
  await saveScreenshots("client-paid-confirmed", page);

  await card.getByRole("button", { name: "Cancel booking" }).click();
  const confirmation = card.getByRole("group", { name: "Confirm cancellation" });
  await expect(confirmation.getByRole("button", { name: "Keep it" })).toBeFocused();
  await expect(confirmation).toContainText("You get everything back ($1,500.00).");
  await expect(confirmation).toContainText(/Free until .+; after that a late-cancellation fee applies\./);
  await saveScreenshots("client-cancel-free", page);
  await confirmation.getByRole("button", { name: "Yes, cancel" }).click();
  await expect(statusOf(card, "cancelled")).toBeVisible();
  await expect(card.getByText("$1,500.00 refunded", { exact: true })).toBeVisible();
  await expect(card.getByRole("button", { name: "Cancel booking" })).toHaveCount(0);
});

test("a full service says so and cannot be booked; a time in the past is refused next to the field", async ({
  openDashboard,
  apiAs,
  saveScreenshots,
}) => {
  const admin = await apiAs("admin@demo.test");
  const service = await serviceNamed(admin, "Bike tune-up");
  await setAvailability(admin, service, service.capacity);

  const page = await openDashboard("client2@demo.test");
  const card = serviceCard(page, service.title);
  await expect(card.getByRole("button", { name: /^Book/ })).toBeEnabled();

  await setAvailability(admin, service, 0);
  await expect(availabilityOf(card)).toHaveText(`0 of ${service.capacity} slots open`);
  await expect(card.getByRole("button", { name: /^Fully booked/ })).toBeDisabled();
  await expect(card.getByLabel("Date and time")).toBeDisabled();

  await setAvailability(admin, service, service.capacity);
  await expect(availabilityOf(card)).toHaveText(`${service.capacity} of ${service.capacity} slots open`);
  const field = card.getByLabel("Date and time");
  await field.fill("2020-01-01T10:00");
  await card.getByRole("button", { name: /^Book/ }).click();
  await expect(card.getByRole("alert")).toHaveText("Must be in the future.");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await saveScreenshots("client-field-error", page);
});

test("the dashboard with bookings in every state, and a new one arriving live", async ({ openDashboard, apiAs, saveScreenshots }) => {
  test.setTimeout(90_000);
  // The 15-second-hold server, so that a hold can run out while we watch; only this test
  // signs in there as client2, so the list holds exactly what it makes.
  const on = servers.shortHold;
  const [admin, client, priya, pablo] = await Promise.all([
    apiAs("admin@demo.test", on),
    apiAs("client2@demo.test", on),
    apiAs("provider@demo.test", on),
    apiAs("provider2@demo.test", on),
  ]);
  const [deep, moveOut, bike, training] = await Promise.all(
    ["Deep home cleaning", "Move-out cleaning", "Bike tune-up", "Personal training session"].map((title) => serviceNamed(admin, title)),
  );
  for (const service of [deep, moveOut, bike, training]) await setAvailability(admin, service, service.capacity);

  const expiring = await book(client, deep, 24);
  const confirmedByCard = await book(client, moveOut, 48);
  await post(priya, `/api/bookings/${confirmedByCard.id}/accept`);
  await post(client, `/api/payments/${confirmedByCard.id}/pay`, { method: "CARD" });
  await post(priya, `/api/bookings/${confirmedByCard.id}/messages`, { body: "Hi! I'll bring the supplies. Is there parking nearby?" });
  const confirmedByCash = await book(client, bike, 72);
  await post(pablo, `/api/bookings/${confirmedByCash.id}/accept`);
  await post(client, `/api/payments/${confirmedByCash.id}/pay`, { method: "CASH" });
  const started = await book(client, training, 2);
  await post(pablo, `/api/bookings/${started.id}/accept`);
  await post(pablo, `/api/bookings/${started.id}/start`);
  const cancelled = await book(client, deep, 96);
  await post(client, `/api/bookings/${cancelled.id}/cancel`);
  await setAvailability(admin, training, 0);

  const page = await openDashboard("client2@demo.test", on);
  await expect(statusOf(bookingCard(page, expiring), "expired")).toBeVisible({ timeout: 30_000 });
  await expect(bookingCard(page, confirmedByCash).getByText("Pay the provider in cash; they will confirm")).toBeVisible();
  await expect(statusOf(bookingCard(page, started), "in progress")).toBeVisible();
  await expect(statusOf(bookingCard(page, cancelled), "cancelled")).toBeVisible();
  await expect(serviceCard(page, training.title).getByRole("button", { name: /^Fully booked/ })).toBeDisabled();

  // Made elsewhere (say, on the client's phone) while this page is open: it appears at the top.
  const fresh = await book(client, deep, 120);
  const freshCard = bookingCard(page, fresh);
  await expect(statusOf(freshCard, "pending")).toBeVisible();
  await expect(page.getByRole("list", { name: "My bookings" }).getByRole("listitem").first()).toHaveAttribute("id", `booking-${fresh.id}`);

  const chatCard = bookingCard(page, confirmedByCard);
  await chatCard.getByRole("button", { name: /^Chat/ }).click();
  await expect(chatCard.getByText("Is there parking nearby?", { exact: false })).toBeVisible();
  await expect(chatCard.getByText(/Priya Provider is (online|away)/)).toBeVisible();
  await saveScreenshots("client-dashboard", page);
});
