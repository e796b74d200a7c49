import type { APIRequestContext, Page } from "@playwright/test";
import Database from "better-sqlite3";
import { expect, openAs, sameOrigin, servers, signInThroughApi, tabClient, test } from "./support";

/**
 * What people do and how their connections go, seen from the admin's and the staff's
 * pages while other people's browsers act: the live activity feed with its history, and
 * the browsers' own connection metrics after a forced reconnect.
 */

const ref = (bookingId: string) => `#${bookingId.slice(-6)}`;

function activityFeed(page: Page) {
  return page.getByRole("region", { name: "User activity" }).getByRole("log", { name: "User activity, newest first" }).getByRole("listitem");
}

/** A Prometheus counter's value from /api/metrics. */
async function counter(request: APIRequestContext, name: string): Promise<number> {
  const text = await (await request.get("/api/metrics")).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no ${name} in /api/metrics`);
  return Number(line.split(" ")[1]);
}

test("a client's sign-in, page view, booking actions and sign-out appear live in the admin's feed", async ({ browser, saveScreenshots }) => {
  const admin = await openAs(browser, "admin@demo.test", "/admin");
  const feed = activityFeed(admin.page);

  // The client signs in through the form, in a browser of their own.
  const clientContext = await browser.newContext(sameOrigin(servers.main));
  const client = await clientContext.newPage();
  await client.goto("/signin");
  const form = client.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill("client@demo.test");
  await form.getByLabel("Password").fill("demo-password");
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(client).toHaveURL(/\/client$/);

  const signedIn = feed.filter({ hasText: "Casey Client signed in" }).first();
  await expect(signedIn).toBeVisible();
  await expect(signedIn).toContainText("Client");
  await expect(signedIn).toContainText(/node-\d+/);
  await expect(feed.filter({ hasText: "Casey Client viewed /client" }).first()).toBeVisible();

  // Book, then cancel, on the client's page.
  const card = client.getByRole("region", { name: "Services" }).getByRole("listitem").filter({ has: client.getByRole("heading", { name: "Deep home cleaning" }) });
  const answered = client.waitForResponse((r) => r.url().endsWith("/api/bookings") && r.request().method() === "POST");
  await card.getByRole("button", { name: /^Book/ }).click();
  const booking = ((await (await answered).json()) as { booking: { id: string } }).booking;
  await expect(feed.filter({ hasText: `Casey Client requested booking ${ref(booking.id)}` })).toHaveCount(1);

  const bookingCard = client.locator(`#booking-${booking.id}`);
  await bookingCard.getByRole("button", { name: "Cancel booking" }).click();
  await bookingCard.getByRole("button", { name: "Yes, cancel" }).click();
  await expect(feed.filter({ hasText: `Casey Client cancelled booking ${ref(booking.id)}` })).toHaveCount(1);
  // Newest first.
  await expect(feed.first()).toContainText(`cancelled booking ${ref(booking.id)}`);

  await client.getByRole("button", { name: "Sign out" }).click();
  await expect(client).toHaveURL(/\/signin/);
  await expect(feed.first()).toContainText("Casey Client signed out");
  await saveScreenshots("admin-user-activity", admin.page);
});

test("the admin pages back through older activity", async ({ browser, playwright }) => {
  const client2 = await openAs(browser, "client2@demo.test", "/client");
  const answers = await (await tabClient(client2.page)).evaluate(async (tab) => {
    const sent = [];
    for (let i = 0; i < 35; i++) {
      let answer = await tab.report({ kind: "page-view", path: `/client/page-${i}` });
      // More than 20 events a second is refused per socket: wait out the second and send again.
      while (!answer.ok && answer.error.code === "RATE_LIMITED") {
        await new Promise((resolve) => setTimeout(resolve, 250));
        answer = await tab.report({ kind: "page-view", path: `/client/page-${i}` });
      }
      sent.push(answer);
    }
    return sent;
  });
  expect(answers.every((a) => a.ok)).toBe(true);
  // Written in batches: wait until the whole burst is on record, so the page renders it.
  const adminRequest = await playwright.request.newContext(sameOrigin(servers.main));
  await signInThroughApi(adminRequest, "admin@demo.test");
  await expect
    .poll(async () => ((await (await adminRequest.get("/api/admin/activity?limit=1")).json()) as { activity: { path: string }[] }).activity[0]?.path)
    .toBe("/client/page-34");
  await adminRequest.dispose();

  const admin = await openAs(browser, "admin@demo.test", "/admin");
  const feed = activityFeed(admin.page);
  // The render shows one page (30, then the admin's own view arrives live): the newest of the burst, not the oldest.
  await expect(feed.filter({ hasText: "viewed /client/page-34" })).toHaveCount(1);
  await expect(feed.filter({ hasText: "viewed /client/page-0" })).toHaveCount(0);
  const firstPage = await feed.count();
  expect(firstPage).toBeGreaterThanOrEqual(30);

  await admin.page.getByRole("region", { name: "User activity" }).getByRole("button", { name: "Show older" }).click();
  await expect(feed.filter({ hasText: "viewed /client/page-0" })).toHaveCount(1);
  expect(await feed.count()).toBeGreaterThan(firstPage);
});

test("a forced reconnect of a client's browser shows in the staff monitor's connection metrics", async ({ browser, page, signedInAs, playwright, baseURL, saveScreenshots }) => {
  const staffRequest = await playwright.request.newContext(sameOrigin(baseURL));
  await signInThroughApi(staffRequest, "staff@demo.test");
  const client = await openAs(browser, "client@demo.test", "/client");
  const reconnectsBefore = await counter(staffRequest, "switchboard_client_reconnect_attempts_total");
  const connectsBefore = await counter(staffRequest, "switchboard_client_connect_seconds_count");

  // Cut the connection under the page, as a network drop would; the hook reconnects by itself.
  await (await tabClient(client.page)).evaluate((tab) => tab.socket.io.engine.close());
  await expect.poll(() => counter(staffRequest, "switchboard_client_reconnect_attempts_total"), { timeout: 15_000 }).toBeGreaterThan(reconnectsBefore);
  expect(await counter(staffRequest, "switchboard_client_connect_seconds_count")).toBeGreaterThan(connectsBefore);
  await expect(client.page.getByRole("status").filter({ hasText: /^(Live|Polling|Offline)$/ })).toHaveText("Live");

  const stats = (await (await staffRequest.get("/api/realtime/stats")).json()) as { clients: { reconnectsPerMinute: number; reports: number; connectMs: { p95: number } } };
  expect(stats.clients.reconnectsPerMinute).toBeGreaterThanOrEqual(1);
  expect(stats.clients.reports).toBeGreaterThanOrEqual(1);

  await signedInAs("staff@demo.test");
  await page.goto("/staff");
  const metrics = page.getByRole("region", { name: "Live system" }).getByLabel("Browsers' connections");
  await expect(metrics).toContainText(/Reconnects per min\s*[1-9]/);
  await expect(metrics).toContainText(/Connect time p95\s*\d+ ms/);
  await expect(metrics).toContainText(/On polling\s*\d+%/);
  await saveScreenshots("staff-monitor-client-metrics");
  await staffRequest.dispose();
});

test("a tab whose missed events were trimmed away reloads instead of silently skipping them", async ({ browser, playwright }) => {
  const client = await openAs(browser, "client@demo.test", "/client");
  const tab = async () => (await tabClient(client.page)).evaluate((realtime) => realtime.lastEventId);
  const cursor = await tab();

  // Two events this tab does not see arrive; then, as the retention clean-up records a trim,
  // the log keeps only what came after the first of them.
  const admin = await playwright.request.newContext(sameOrigin(servers.main));
  await signInThroughApi(admin, "admin@demo.test");
  const other = await playwright.request.newContext(sameOrigin(servers.main));
  await signInThroughApi(other, "client2@demo.test");
  const otherId = ((await (await other.get("/api/auth/session")).json()) as { user: { id: string } }).user.id;
  const eventIds: number[] = [];
  for (let i = 0; i < 2; i++) {
    const sent = await admin.post("/api/realtime/trigger", { data: { event: "test:elsewhere", to: { users: [otherId] } } });
    expect(sent.status()).toBe(202);
    eventIds.push(((await sent.json()) as { eventId: number }).eventId);
  }
  expect(eventIds[0]).toBeGreaterThan(cursor);
  const database = new Database(`.e2e-data/${new URL(servers.main).port}/e2e.db`, { timeout: 5000 });
  try {
    database
      .prepare(`INSERT INTO "EventLogTrim" (id, "throughEventId", "trimmedAt") VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET "throughEventId" = excluded."throughEventId"`)
      .run(eventIds[0], new Date().toISOString().replace("Z", "+00:00"));

    // The tab catches up from its old cursor, is told CURSOR_EXPIRED, and reloads.
    const reloaded = client.page.waitForEvent("load");
    // Started from a timer, so the evaluation has returned before the reload replaces the page.
    await (await tabClient(client.page)).evaluate((realtime) => {
      setTimeout(() => void realtime.catchUp());
    });
    await reloaded;
    await expect(client.page.getByRole("status").filter({ hasText: /^(Live|Polling|Offline)$/ })).toHaveText("Live");
    // It starts again from inside the kept window, and catches up from there without complaint.
    expect(await tab()).toBeGreaterThanOrEqual(eventIds[1]);
    const answer = await (await tabClient(client.page)).evaluate(async (realtime) => {
      await realtime.catchUp();
      return realtime.lastEventId;
    });
    expect(answer).toBeGreaterThanOrEqual(eventIds[1]);
  } finally {
    // Other tests catch up from 0 on this server: the trim was only for this test.
    database.prepare(`DELETE FROM "EventLogTrim"`).run();
    database.close();
    await Promise.all([admin.dispose(), other.dispose()]);
  }
});
