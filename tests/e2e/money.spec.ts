import type { APIRequestContext, Browser } from "@playwright/test";
import type { BookingView } from "../../lib/domain/views";
import { bookingOf, cents, clientCard, detail, expect, pay, providerCard, region, test as base } from "./booking-fixtures";
import { openAs } from "./support";

/**
 * The money of issue 15 on the dashboards, with the client, the provider and admins in
 * their own browsers at once: the cancellation policy's terms before a late cancel, the
 * client confirming completed work (escrow released, the payout on its way), and a
 * dispute decided by an admin. Every change after a page opened arrives live; afterwards
 * the test reads what the server holds, and the ledger must still check out.
 */

type Fixtures = {
  /** Fails the test at its end unless GET /api/admin/ledger/check says every entry and balance agrees. */
  ledgerChecked: void;
};

const test = base.extend<Fixtures>({
  ledgerChecked: [
    async ({ adminApi }, use) => {
      await use();
      const check = (await (await adminApi.get("/api/admin/ledger/check")).json()) as { ok: boolean; problems: unknown[] };
      expect(check.problems, "ledger problems").toEqual([]);
      expect(check.ok).toBe(true);
    },
    { auto: true },
  ],
});

/** Waits until the server holds the booking's card payment in escrow (the simulated processor confirms in ~0.5 s). */
async function escrowed(api: APIRequestContext, bookingId: string): Promise<void> {
  await expect.poll(async () => (await bookingOf(api, bookingId)).payment?.status).toBe("ESCROW");
}

/** Accepted, paid by card, held in escrow, started and completed: the money now waits for the client. */
async function completedWithEscrow(booking: BookingView, clientApi: APIRequestContext, providerApi: APIRequestContext): Promise<void> {
  expect((await providerApi.post(`/api/bookings/${booking.id}/accept`)).status()).toBe(200);
  await pay(clientApi, booking.id, "CARD");
  await escrowed(clientApi, booking.id);
  for (const step of ["start", "complete"]) expect((await providerApi.post(`/api/bookings/${booking.id}/${step}`)).status()).toBe(200);
}

/**
 * Casey's and Priya's dashboards, side by side, with Priya's earnings panel once no payout
 * of an earlier test is still on its way (so its totals move only with this test).
 */
async function openClientAndProvider(browser: Browser) {
  const client = await openAs(browser, "client@demo.test", "/client");
  const provider = await openAs(browser, "provider@demo.test", "/provider");
  const earnings = region(provider.page, "Earnings");
  await expect(detail(earnings, "Payout pending")).toHaveText("$0.00", { timeout: 15_000 });
  return { client, provider, earnings };
}

test("a late cancellation: the terms are shown, shown again when they change, and the client is partly refunded", async ({
  browser,
  book,
  clientApi,
  providerApi,
  saveScreenshots,
}) => {
  const { client, provider, earnings } = await openClientAndProvider(browser);
  const heldBefore = await cents(detail(earnings, "Held in escrow"));
  // Two hours ahead: inside the day before the start, when cancelling costs half the price.
  const booking = await book(clientApi, "Deep home cleaning", { hoursAhead: 2 });
  expect((await providerApi.post(`/api/bookings/${booking.id}/accept`)).status()).toBe(200);
  const card = clientCard(client.page, booking.id);
  await expect(card.getByText("confirmed", { exact: true })).toBeVisible();

  // Unpaid, cancelling costs nothing...
  await card.getByRole("button", { name: "Cancel booking" }).click();
  const confirmation = card.getByRole("group", { name: "Confirm cancellation" });
  await expect(confirmation).toContainText("Nothing was charged.");
  await expect(confirmation.getByRole("button", { name: "Keep it" })).toBeFocused();

  // ...until the client pays from their phone while this confirmation is still open.
  await pay(clientApi, booking.id, "CARD");
  await expect(card.getByText("$135.00 held in escrow until the work is done")).toBeVisible();
  await expect.poll(() => cents(detail(earnings, "Held in escrow"))).toBe(heldBefore + 13500);
  // By keyboard: the toasts these steps raised sit over the button in the corner of a desktop.
  await confirmation.getByRole("button", { name: "Yes, cancel" }).press("Enter");
  await expect(confirmation).toContainText("The terms changed since you opened this");
  await expect(confirmation).toContainText("You get $67.50 back; $67.50 late-cancellation fee goes to Priya Provider.");
  await expect(confirmation).not.toContainText("Free until");
  await expect(confirmation.getByRole("button", { name: "Keep it" })).toBeFocused();
  expect((await bookingOf(client.context.request, booking.id)).status, "the refused cancel changed nothing").toBe("CONFIRMED");
  await saveScreenshots("money-late-cancel-terms", client.page);

  await confirmation.getByRole("button", { name: "Yes, cancel" }).press("Enter");
  await expect(card.getByText("cancelled", { exact: true })).toBeVisible();
  await expect(card.getByText("$67.50 refunded, $67.50 paid to Priya Provider")).toBeVisible();
  await expect(card.getByRole("button", { name: "Cancel booking" })).toHaveCount(0);

  // Priya's side, live: the fee less the 10% platform fee is paid out to her.
  const payout = earnings.getByRole("list", { name: "Payouts" }).locator(`[data-booking-id="${booking.id}"]`);
  await expect(payout).toContainText("$60.75");
  await expect(detail(providerCard(region(provider.page, "History"), booking.id), "Payment")).toHaveText(/Card\s*partially refunded/);

  const after = await bookingOf(client.context.request, booking.id);
  expect(after).toMatchObject({ status: "CANCELLED", cancellation: null, payment: { status: "PARTIALLY_REFUNDED", refundedCents: 6750, amountCents: 13500 } });
  expect(after.payout?.amountCents).toBe(6075);
});

test("the client confirms completed work, and the provider's earnings move live from held to payout pending to paid out", async ({
  browser,
  book,
  clientApi,
  providerApi,
  saveScreenshots,
}) => {
  const { client, provider, earnings } = await openClientAndProvider(browser);
  const [heldBefore, paidOutBefore] = [await cents(detail(earnings, "Held in escrow")), await cents(detail(earnings, "Paid out"))];

  const booking = await book(clientApi, "Deep home cleaning");
  await completedWithEscrow(booking, clientApi, providerApi);
  await expect.poll(() => cents(detail(earnings, "Held in escrow"))).toBe(heldBefore + 13500);
  await expect(providerCard(provider.page, booking.id)).toContainText("Held in escrow until Casey Client confirms the work");

  const card = clientCard(client.page, booking.id);
  const decision = card.getByRole("group", { name: /Happy with the work\?/ });
  await expect(decision).toContainText("Confirm to release $135.00 to Priya Provider");
  await expect(decision).toContainText(/You can dispute until .+; after that the money is released on its own\./);
  await expect(card.getByText("$135.00 held in escrow until you confirm the work")).toBeVisible();
  await saveScreenshots("money-escrow-decision", client.page);

  await decision.getByRole("button", { name: "Confirm and release" }).click();
  await expect(card.getByText("$135.00 paid to Priya Provider")).toBeVisible();
  await expect(decision).toHaveCount(0);
  // The focus moves from the gone button to what became of the money.
  await expect(card.locator(":focus")).toContainText("$135.00 paid to Priya Provider");

  // Held -> payout pending ($135.00 less the 10% fee) -> paid out, as the processor moves it on every 2 s.
  await expect.poll(() => cents(detail(earnings, "Held in escrow"))).toBe(heldBefore);
  await expect(detail(earnings, "Payout pending")).toHaveText("$121.50");
  await saveScreenshots("money-payout-pending", provider.page);
  await expect(detail(earnings, "Payout pending")).toHaveText("$0.00", { timeout: 15_000 });
  await expect.poll(() => cents(detail(earnings, "Paid out"))).toBe(paidOutBefore + 12150);

  const after = await bookingOf(client.context.request, booking.id);
  expect(after).toMatchObject({ status: "COMPLETED", payment: { status: "RELEASED", refundedCents: 0 }, payout: { status: "COMPLETED", amountCents: 12150 }, dispute: null });
});

test("a dispute: opened by the client, live in every admin's queue, read and split by an admin, the outcome live for both parties", async ({
  browser,
  book,
  clientApi,
  providerApi,
  saveScreenshots,
}) => {
  test.setTimeout(90_000);
  const booking = await book(clientApi, "Deep home cleaning");
  expect((await providerApi.post(`/api/bookings/${booking.id}/messages`, { data: { body: "All done: the sink is fixed." } })).status()).toBe(201);
  expect((await clientApi.post(`/api/bookings/${booking.id}/messages`, { data: { body: "It still leaks <b>every</b> night." } })).status()).toBe(201);
  await completedWithEscrow(booking, clientApi, providerApi);

  const { client, provider, earnings } = await openClientAndProvider(browser);
  const admin = await openAs(browser, "admin@demo.test", "/admin");
  const otherAdmin = await openAs(browser, "admin@demo.test", "/admin");
  const disputedBefore = await cents(detail(earnings, "Disputed"));

  // The client explains; too short a reason is refused next to the field.
  const card = clientCard(client.page, booking.id);
  await card.getByRole("button", { name: "Open a dispute" }).click();
  const form = card.getByRole("form", { name: "Open a dispute" });
  const reason = form.getByLabel("What went wrong?");
  await expect(reason).toBeFocused();
  await reason.fill("Leaks");
  await form.getByRole("button", { name: "Open dispute" }).click();
  await expect(form.getByRole("alert")).toHaveText("Say what went wrong, in at least 10 characters.");
  await expect(reason).toHaveAttribute("aria-invalid", "true");
  await expect(reason).toBeFocused();
  await saveScreenshots("money-dispute-form", client.page);
  const why = "The sink still leaks <script>alert(1)</script> after the visit.";
  await reason.fill(why);
  await form.getByRole("button", { name: "Open dispute" }).click();
  await expect(card.getByText("$135.00 held while an administrator reviews your dispute")).toBeVisible();
  await expect(card).toContainText("Dispute open");
  await expect(card.getByText(why, { exact: true })).toBeVisible();

  // Every admin's queue gets it live, with the inbox's toast; Priya sees it too.
  const queue = region(admin.page, "Disputes");
  const item = queue.locator(`article[data-booking-id="${booking.id}"]`);
  await expect(item).toContainText(why);
  await expect(item).toContainText("Casey Client with Priya Provider");
  await expect(region(otherAdmin.page, "Disputes").locator(`article[data-booking-id="${booking.id}"]`)).toBeVisible();
  await expect(admin.page.getByTestId("live-toast").filter({ hasText: "New dispute" })).toBeVisible();
  await expect(providerCard(provider.page, booking.id)).toContainText("Dispute open");
  await expect.poll(() => cents(detail(earnings, "Disputed"))).toBe(disputedBefore + 13500);

  // The admin reads the timeline and the chat (read-only, as text), then splits.
  await item.getByText(/^Timeline/).click();
  await expect(item.getByRole("list", { name: "Timeline, oldest first" })).toContainText("Disputed by the client");
  await item.getByRole("button", { name: "Read the chat" }).click();
  const message = (text: string) => item.getByRole("list", { name: "Messages" }).getByRole("listitem").filter({ hasText: text });
  await expect(message("All done: the sink is fixed.")).toContainText("Priya Provider");
  await expect(message("It still leaks <b>every</b> night.")).toContainText("Casey Client");
  await expect(item.getByRole("textbox", { name: /Message/ })).toHaveCount(0);

  const resolution = item.getByRole("form", { name: "Resolve the dispute" });
  await resolution.getByRole("button", { name: "Resolve dispute" }).click();
  await expect(resolution.getByRole("alert")).toHaveText("Choose an outcome");
  await resolution.getByRole("radio", { name: /^Split/ }).check();
  const amount = resolution.getByLabel("Back to Casey Client, in USD");
  await amount.fill("135");
  await resolution.getByRole("button", { name: "Resolve dispute" }).click();
  await expect(resolution.getByRole("alert")).toHaveText("Enter more than $0.00 and less than $135.00");
  await expect(amount).toBeFocused();
  await amount.fill("50");
  await expect(resolution).toContainText("$50.00 back to Casey Client, $85.00 to Priya Provider");
  await resolution.getByLabel(/^Note/).fill("Half of the work held up.");
  await saveScreenshots("money-admin-dispute", admin.page);
  await resolution.getByRole("button", { name: "Resolve dispute" }).click();

  // Gone from both admins' queues; the outcome reaches the client and Priya without a reload.
  await expect(item).toHaveCount(0);
  await expect(region(otherAdmin.page, "Disputes").locator(`article[data-booking-id="${booking.id}"]`)).toHaveCount(0);
  await expect(region(admin.page, "Audit log")).toContainText(`resolved the dispute on booking #${booking.id.slice(-6)}: split it ($50.00 back to the client)`);
  await expect(region(admin.page, "Audit log")).toContainText(`read the chat of disputed booking #${booking.id.slice(-6)}`);
  await expect(card).toContainText("Dispute resolved");
  await expect(card).toContainText("$50.00 back to you, $85.00 to Priya Provider.");
  await expect(card).toContainText("Administrator’s note: Half of the work held up.");
  await expect(card.getByText("$50.00 refunded, $85.00 paid to Priya Provider")).toBeVisible();
  const priyasCard = providerCard(provider.page, booking.id);
  await expect(priyasCard).toContainText("$50.00 back to Casey Client, $85.00 to you.");
  await expect(detail(priyasCard, "Payout")).toContainText("$76.50");
  await expect.poll(() => cents(detail(earnings, "Disputed"))).toBe(disputedBefore);
  await saveScreenshots("money-dispute-resolved-client", client.page);
  await saveScreenshots("money-dispute-resolved-provider", provider.page);

  const after = await bookingOf(client.context.request, booking.id);
  expect(after).toMatchObject({
    payment: { status: "PARTIALLY_REFUNDED", refundedCents: 5000 },
    dispute: { outcome: "split", refundCents: 5000, note: "Half of the work held up.", reason: why },
    payout: { amountCents: 7650 },
  });
});
