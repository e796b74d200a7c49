import type { APIRequestContext, BrowserContext, Page } from "@playwright/test";
import { expect, openAs, sameOrigin, signInThroughApi, test as base } from "./support";

/**
 * The admin dashboard and the staff monitor, with several people's browsers open at once:
 * who is connected, announcements, manual availability and declining bookings, all seen
 * live. Each test makes the data it needs and puts shared things (availability) back.
 */

type Service = { id: string; title: string; capacity: number; available: number };
type Envelope = { eventId: number; type: string; data: Record<string, unknown> };

type Fixtures = {
  /** Opens more signed-in browsers (see openAs) and closes them after the test. */
  openBrowser: (email: string, path: string) => Promise<{ context: BrowserContext; page: Page }>;
  /** A request context signed in as the demo client, for acting and checking as the client. */
  clientRequest: APIRequestContext;
};

const test = base.extend<Fixtures>({
  openBrowser: async ({ browser }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (email, path) => {
      const opened = await openAs(browser, email, path);
      contexts.push(opened.context);
      return opened;
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
  clientRequest: async ({ playwright, baseURL }, use) => {
    const request = await playwright.request.newContext(sameOrigin(baseURL));
    await signInThroughApi(request, "client@demo.test");
    await use(request);
    await request.dispose();
  },
});

/** The short booking handle the admin pages show. */
const ref = (bookingId: string) => `#${bookingId.slice(-6)}`;

async function serviceNamed(request: APIRequestContext, title: string): Promise<Service> {
  const { services } = (await (await request.get("/api/services")).json()) as { services: Service[] };
  const service = services.find((s) => s.title === title);
  if (!service) throw new Error(`no service named ${title}`);
  return service;
}

/** Every durable event addressed to the caller, paging through catch-up from the start. */
async function allEventsFor(request: APIRequestContext): Promise<Envelope[]> {
  const events: Envelope[] = [];
  for (let since = 0; ; ) {
    const page = (await (await request.get(`/api/realtime/events?since=${since}&limit=1000`)).json()) as {
      events: Envelope[];
      cursor: number;
      hasMore: boolean;
    };
    events.push(...page.events);
    if (!page.hasMore) return events;
    since = page.cursor;
  }
}

test("the staff monitor lists who is connected, live, with no money actions", async ({ page, signedInAs, openBrowser, saveScreenshots }) => {
  const client = await openBrowser("client@demo.test", "/client");
  await openBrowser("provider@demo.test", "/provider");
  await signedInAs("staff@demo.test");
  await page.goto("/staff");
  await expect(page.getByRole("heading", { level: 1, name: "System monitor" })).toBeVisible();

  const connections = page.getByRole("region", { name: "Who is connected" }).getByRole("row");
  const casey = connections.filter({ hasText: "Casey Client" });
  await expect(casey).toHaveCount(1);
  await expect(casey).toContainText("Client");
  await expect(casey).toContainText("WebSocket");
  await expect(connections.filter({ hasText: "Priya Provider" })).toContainText("Provider");
  await expect(connections.filter({ hasText: "Sam Staff" })).toContainText("you");

  // Stats pushes arrive every 2 s; a chart needs two of them.
  const stats = page.getByRole("region", { name: "Live system" });
  await expect(stats.getByRole("img", { name: /^Connections, last [^:]+: connections now \d+/ })).toBeVisible();
  await expect(stats.getByText("Connections by role")).toBeVisible();
  await expect(page.getByRole("button", { name: /Decline|Save|Send/ })).toHaveCount(0);
  await saveScreenshots("staff-monitor");

  await client.context.close();
  await expect(casey).toHaveCount(0);
  await expect(connections.filter({ hasText: "Priya Provider" })).toHaveCount(1);
});

test("an admin's announcement shows field errors, then reaches the clients", async ({ page, signedInAs, clientRequest, saveScreenshots }) => {
  await signedInAs("admin@demo.test");
  await page.goto("/admin");
  const form = page.getByRole("form", { name: "Announcement" });
  const message = form.getByLabel("Message");

  await form.getByRole("button", { name: "Send to everyone" }).click();
  await expect(form.getByRole("alert")).toHaveText("Must not be empty");
  await expect(message).toHaveAttribute("aria-invalid", "true");
  await expect(message).toBeFocused();
  await saveScreenshots("admin-dashboard-announcement-error");

  const text = `Maintenance tonight at 22:00 UTC (${test.info().testId}-${Date.now()})`;
  await message.fill(text);
  await form.getByText("Warning", { exact: true }).click();
  await expect(form.getByRole("radio", { name: "Warning" })).toBeChecked();
  await form.getByRole("checkbox", { name: "Clients" }).check();
  await form.getByRole("button", { name: "Send to clients" }).click();

  await expect(page.getByText("Announcement sent to clients")).toBeVisible();
  await expect(message).toHaveValue("");
  await expect(form.getByRole("alert")).toHaveCount(0);

  const announcements = (await allEventsFor(clientRequest)).filter((e) => e.type === "announcement");
  expect(announcements.map((e) => e.data)).toContainEqual(expect.objectContaining({ message: text, level: "warning", author: "Ada Admin" }));
});

test("an admin sets a service's availability and every open dashboard shows it", async ({
  page,
  signedInAs,
  openBrowser,
  clientRequest,
  saveScreenshots,
}) => {
  const service = await serviceNamed(clientRequest, "Bike tune-up");
  const other = await openBrowser("admin@demo.test", "/admin");
  await signedInAs("admin@demo.test");
  await page.goto("/admin");
  const row = page.getByRole("region", { name: "Availability" }).getByRole("row").filter({ hasText: service.title });
  const otherRow = other.page.getByRole("region", { name: "Availability" }).getByRole("row").filter({ hasText: service.title });
  const input = row.getByLabel(`Open slots of ${service.title}`);

  try {
    await input.fill(String(service.capacity + 1));
    await row.getByRole("button", { name: `Save open slots of ${service.title}` }).click();
    await expect(row.getByRole("alert")).toHaveText(`Enter a whole number from 0 to ${service.capacity}`);
    await expect(input).toHaveAttribute("aria-invalid", "true");
    await saveScreenshots("admin-dashboard-availability-error");

    await input.fill("0");
    await row.getByRole("button", { name: `Save open slots of ${service.title}` }).click();
    await expect(page.getByText(`${service.title}: 0 of ${service.capacity} slots open`)).toBeVisible();
    await expect(row.getByText(`0 of ${service.capacity} slots open`, { exact: true })).toBeVisible();
    await expect(input).toHaveValue("0");
    // Another admin's page, open all along, follows without a reload.
    await expect(otherRow.getByText(`0 of ${service.capacity} slots open`, { exact: true })).toBeVisible();
    await expect(otherRow.getByLabel(`Open slots of ${service.title}`)).toHaveValue("0");
    expect((await serviceNamed(clientRequest, service.title)).available).toBe(0);

    await expect(page.getByRole("region", { name: "Audit log" }).getByRole("listitem").first()).toContainText(
      `Ada Admin set ${service.title} to 0 available (was ${service.available})`,
    );
    const refused = await clientRequest.post("/api/bookings", { data: { serviceId: service.id, scheduledAt: tomorrow() } });
    expect(refused.status()).toBe(409);
  } finally {
    // Put the units back for every other test of this run.
    await other.context.request.put(`/api/admin/services/${service.id}/availability`, { data: { available: service.available } });
  }
  await expect(row.getByText(`${service.available} of ${service.capacity} slots open`, { exact: true })).toBeVisible();
});

test("an admin declines a booking with a reason, and the audit log records it", async ({ page, signedInAs, clientRequest, saveScreenshots }) => {
  await signedInAs("admin@demo.test");
  await page.goto("/admin");
  await expect(page.getByRole("status").filter({ hasText: /^(Live|Polling|Offline)$/ })).toHaveText("Live");

  // Booked after the page opened: the booking reaches the list and the feed live.
  const service = await serviceNamed(clientRequest, "Personal training session");
  const created = await clientRequest.post("/api/bookings", { data: { serviceId: service.id, scheduledAt: tomorrow() } });
  expect(created.status()).toBe(201);
  const { booking } = (await created.json()) as { booking: { id: string } };

  const feed = page.getByRole("log", { name: "Booking activity, newest first" });
  await expect(feed.getByRole("listitem").filter({ hasText: ref(booking.id) }).first()).toContainText(
    `Casey Client requested ${service.title} from Pablo Provider`,
  );
  const row = page.getByRole("list", { name: "Recent bookings, newest first" }).getByRole("listitem").filter({ hasText: ref(booking.id) });
  await expect(row).toContainText("pending");

  await row.getByRole("button", { name: `Decline booking ${ref(booking.id)}` }).click();
  const reasonInput = row.getByLabel(/Reason/);
  await expect(reasonInput).toBeFocused();
  const reason = "The provider is on leave that week";
  await reasonInput.fill(reason);
  await saveScreenshots("admin-dashboard-decline-form");
  await row.getByRole("button", { name: "Decline booking", exact: true }).click();

  const toast = page.getByText(`Declined ${service.title} for Casey Client`);
  await expect(toast).toBeVisible();
  await expect(row).toContainText("declined");
  await expect(row.getByRole("button", { name: /Decline/ })).toHaveCount(0);
  await expect(feed.getByRole("listitem").first()).toContainText(`An admin declined Casey Client’s ${service.title}`);
  await expect(page.getByRole("region", { name: "Audit log" }).getByRole("listitem").first()).toContainText(
    `Ada Admin declined booking ${ref(booking.id)} (was pending): “${reason}”`,
  );
  const { booking: after } = (await (await clientRequest.get(`/api/bookings/${booking.id}`)).json()) as { booking: { status: string } };
  expect(after.status).toBe("DECLINED");

  // Stats need two pushes for their charts, and the toast would cover the screenshots.
  await expect(page.getByRole("img", { name: /^Events per minute, last [^:]+: events per minute now \d+/ })).toBeVisible();
  await expect(toast).toBeHidden({ timeout: 10_000 });
  await saveScreenshots("admin-dashboard");
});

function tomorrow(): string {
  return new Date(Date.now() + 24 * 60 * 60 * 1000 + Math.floor(Math.random() * 3_600_000)).toISOString();
}
