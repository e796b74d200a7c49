import type { APIRequest, APIRequestContext, Locator, Page } from "@playwright/test";
import type { BookingView } from "../../lib/domain/views";
import { expect, sameOrigin, servers, signInThroughApi, test as base } from "./support";

/**
 * Fixtures for tests that work Priya Provider's bookings through their life, as the
 * people's apps would (the API) beside the pages under test: the client's and Priya's
 * API, and `book`, which makes a booking and tidies it away after the test.
 */

export type ServiceTitle = "Deep home cleaning" | "Move-out cleaning";
export type Server = (typeof servers)[keyof typeof servers];

type Fixtures = {
  /** client@demo.test's API on the main server: what the client's app does. */
  clientApi: APIRequestContext;
  /** provider@demo.test's API on the main server: Priya in another tab. */
  providerApi: APIRequestContext;
  /** admin@demo.test's API on the main server. */
  adminApi: APIRequestContext;
  /**
   * Books one of Priya's services as `client`, `hoursAhead` (default a day) plus an hour
   * per booking the test already made. Makes room first when the shared server has none
   * left; whatever the test leaves open is cancelled or completed afterwards, so the next
   * test finds units free.
   */
  book: (client: APIRequestContext, service: ServiceTitle, options?: { server?: Server; hoursAhead?: number }) => Promise<BookingView>;
};

export const test = base.extend<Fixtures>({
  clientApi: signedInApi("client@demo.test"),
  providerApi: signedInApi("provider@demo.test"),
  adminApi: signedInApi("admin@demo.test"),

  book: async ({ playwright }, use) => {
    const staff = new Map<Server, { admin: APIRequestContext; provider: APIRequestContext }>();
    const made: { id: string; server: Server }[] = [];
    const on = async (server: Server) => {
      if (!staff.has(server)) {
        staff.set(server, { admin: await apiAs(playwright.request, "admin@demo.test", server), provider: await apiAs(playwright.request, "provider@demo.test", server) });
      }
      return staff.get(server)!;
    };

    await use(async (client, title, { server = servers.main, hoursAhead = 24 } = {}) => {
      const { admin } = await on(server);
      const { services } = (await (await admin.get("/api/services")).json()) as { services: { id: string; title: string; providerName: string; available: number }[] };
      const service = services.find((s) => s.title === title && s.providerName === "Priya Provider");
      if (!service) throw new Error(`Priya offers no ${title}`);
      if (service.available === 0) {
        expect((await admin.put(`/api/admin/services/${service.id}/availability`, { data: { available: 1 } })).status()).toBe(200);
      }
      const scheduledAt = new Date(Date.now() + (hoursAhead + made.length) * 3600_000).toISOString();
      const response = await client.post("/api/bookings", { data: { serviceId: service.id, scheduledAt } });
      expect(response.status(), `booking ${title}`).toBe(201);
      const { booking } = (await response.json()) as { booking: BookingView };
      made.push({ id: booking.id, server });
      return booking;
    });

    for (const { id, server } of made) {
      const { provider } = await on(server);
      const { booking } = (await (await provider.get(`/api/bookings/${id}`)).json()) as { booking: BookingView };
      if (booking.status === "PENDING" || booking.status === "CONFIRMED") await provider.post(`/api/bookings/${id}/cancel`);
      if (booking.status === "IN_PROGRESS") await provider.post(`/api/bookings/${id}/complete`);
    }
    for (const { admin, provider } of staff.values()) await Promise.all([admin.dispose(), provider.dispose()]);
  },
});

/** A fixture: `email`'s API on the main server, disposed of after the test. */
function signedInApi(email: string) {
  return async ({ playwright }: { playwright: { request: APIRequest } }, use: (api: APIRequestContext) => Promise<void>) => {
    const api = await apiAs(playwright.request, email, servers.main);
    await use(api);
    await api.dispose();
  };
}

export async function apiAs(request: APIRequest, email: string, baseURL: Server): Promise<APIRequestContext> {
  const api = await request.newContext(sameOrigin(baseURL));
  await signInThroughApi(api, email);
  return api;
}

export async function pay(client: APIRequestContext, bookingId: string, method: "CARD" | "CASH"): Promise<void> {
  expect((await client.post(`/api/payments/${bookingId}/pay`, { data: { method } })).status()).toBe(200);
}

/** A booking as the server holds it now, read by anyone who may see it. */
export async function bookingOf(api: APIRequestContext, bookingId: string): Promise<BookingView> {
  const response = await api.get(`/api/bookings/${bookingId}`);
  expect(response.status(), `GET booking ${bookingId}`).toBe(200);
  return ((await response.json()) as { booking: BookingView }).booking;
}

/** The client's card of a booking on their dashboard. */
export function clientCard(page: Page, bookingId: string): Locator {
  return page.locator(`#booking-${bookingId}`);
}

/** The provider's card of a booking, wherever on the page (or inside `within`) it is now. */
export function providerCard(within: Page | Locator, bookingId: string): Locator {
  return within.locator(`article[data-booking-id="${bookingId}"]`);
}

/** The value of one labelled detail of a card ("Payment", "Hold", ...) or one total of the earnings panel. */
export function detail(within: Locator, term: string): Locator {
  return within.getByRole("term").filter({ hasText: new RegExp(`^${term}$`) }).locator("xpath=following-sibling::dd[1]");
}

export function region(page: Page, name: string): Locator {
  return page.getByRole("region", { name });
}

/** "$1,350.00" -> 135000 */
export async function cents(locator: Locator): Promise<number> {
  return Math.round(Number((await locator.innerText()).replace(/[^0-9.]/g, "")) * 100);
}

export { expect };
