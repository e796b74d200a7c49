import type { APIRequestContext, Page } from "@playwright/test";
import { bookingOf, expect, pay, region, test } from "./booking-fixtures";
import { openAs } from "./support";

/**
 * Issue 22: the dashboards' live lists follow every change that alters what they show,
 * without a reload: the admin's recent bookings each payment step (not only disputes), the
 * audit log every other admin's action, and the sent announcements every other admin's,
 * whoever they were for.
 */

const ref = (bookingId: string) => `#${bookingId.slice(-6)}`;

/** The admin's row of a booking in "Recent bookings". */
function recentRow(page: Page, bookingId: string) {
  return region(page, "Recent bookings").getByRole("listitem").filter({ hasText: ref(bookingId) });
}

async function step(api: APIRequestContext, bookingId: string, action: string): Promise<void> {
  expect((await api.post(`/api/bookings/${bookingId}/${action}`)).status(), action).toBe(200);
}

test("the admin's recent bookings follow the payment from escrow to released, live", async ({ browser, book, clientApi, providerApi, saveScreenshots }) => {
  const admin = await openAs(browser, "admin@demo.test", "/admin");
  const booking = await book(clientApi, "Deep home cleaning");
  const row = recentRow(admin.page, booking.id);
  await expect(row).toContainText("pending");

  await step(providerApi, booking.id, "accept");
  await pay(clientApi, booking.id, "CARD");
  await expect(row).toContainText("payment escrow");
  for (const action of ["start", "complete"]) await step(providerApi, booking.id, action);
  await expect(row).toContainText("completed");

  // The client releases the money from their phone: the admin's row says so at once.
  await step(clientApi, booking.id, "confirm");
  await expect(row).toContainText("payment released");
  await expect(row).not.toContainText("escrow");
  expect((await bookingOf(clientApi, booking.id)).payment?.status).toBe("RELEASED");
  await saveScreenshots("live-lists-admin-recent-bookings", admin.page);
});

test("another admin's decline reaches this admin's audit log without a reload", async ({ browser, book, clientApi, adminApi }) => {
  const admin = await openAs(browser, "admin@demo.test", "/admin");
  const booking = await book(clientApi, "Move-out cleaning");
  const audit = region(admin.page, "Audit log");
  await expect(audit).not.toContainText(`declined booking ${ref(booking.id)}`);

  const reason = "Provider is away that week";
  expect((await adminApi.post(`/api/admin/bookings/${booking.id}/decline`, { data: { reason } })).status()).toBe(200);
  await expect(audit).toContainText(`declined booking ${ref(booking.id)} (was pending): “${reason}”`);
  await expect(recentRow(admin.page, booking.id)).toContainText("declined");
});

test("another admin's availability change reaches this admin's audit log without a reload", async ({ browser, clientApi, adminApi }) => {
  const admin = await openAs(browser, "admin@demo.test", "/admin");
  const { services } = (await (await clientApi.get("/api/services")).json()) as { services: { id: string; title: string; available: number }[] };
  const bike = services.find((s) => s.title === "Bike tune-up")!;
  const audit = region(admin.page, "Audit log");
  const entries = audit.getByRole("listitem").filter({ hasText: "set Bike tune-up to" });
  const before = await entries.count();

  // The same number again: an action all the same (audited), and no other test's service changes.
  const saved = await adminApi.put(`/api/admin/services/${bike.id}/availability`, { data: { available: bike.available } });
  expect(saved.status()).toBe(200);
  await expect(entries).toHaveCount(before + 1);
  await expect(entries.first()).toContainText(`set Bike tune-up to ${bike.available} available (was ${bike.available})`);
});

test("another admin's announcement to one role reaches this admin's sent list, though admins were not its audience", async ({ browser, adminApi }) => {
  const admin = await openAs(browser, "admin@demo.test", "/admin");
  const message = `Clients only: the lobby door code changes at noon (${Date.now()})`;
  const sent = region(admin.page, "Announcement").getByRole("list", { name: "Sent announcements, newest first" });
  await expect(admin.page.getByText(message)).toHaveCount(0);

  const reply = await adminApi.post("/api/realtime/announcement", { data: { message, level: "info", roles: ["CLIENT"] } });
  expect(reply.status()).toBe(201);
  await expect(sent.getByRole("listitem").first()).toContainText(message);
});
