import type { Locator } from "@playwright/test";
import { clientCard, expect, region, test } from "./booking-fixtures";
import { openAs, VIEWPORTS } from "./support";

/**
 * Issue 22: chat's Send waits for a message; the availability table keeps its columns where
 * they are when a field's error appears; availability reads "4 of 4 slots open", not units.
 */

test("chat's Send is disabled until the message has more than spaces", async ({ browser, book, clientApi, saveScreenshots }) => {
  const booking = await book(clientApi, "Deep home cleaning");
  const { page } = await openAs(browser, "client@demo.test", "/client");
  const card = clientCard(page, booking.id);
  await card.getByRole("button", { name: /^Chat/ }).click();
  const input = card.getByLabel("Message to Priya Provider");
  const send = card.getByRole("button", { name: "Send" });

  await expect(send).toBeDisabled();
  await input.fill("   ");
  await expect(send).toBeDisabled();
  await saveScreenshots("chat-send-disabled", page);
  await input.fill("Is the parking free?");
  await expect(send).toBeEnabled();
  await send.click();
  await expect(card.getByRole("list", { name: "Messages" })).toContainText("Is the parking free?");
  await expect(input).toHaveValue("");
  await expect(send).toBeDisabled();
});

/** Where each cell of a row is drawn: x and width, rounded to whole pixels. */
async function cellBoxes(row: Locator): Promise<number[][]> {
  return row.locator("td").evaluateAll((cells) =>
    cells.map((cell) => {
      const box = cell.getBoundingClientRect();
      return [Math.round(box.x), Math.round(box.width)];
    }),
  );
}

test("the availability table's columns stay put when a field error appears, and it speaks of open slots", async ({ page, signedInAs, saveScreenshots }) => {
  await signedInAs("admin@demo.test");
  await page.goto("/admin");
  const table = region(page, "Availability");
  const row = table.getByRole("row").filter({ hasText: "Move-out cleaning" });
  await expect(row.getByText(/^\d+ of 2 slots open$/)).toBeVisible();
  await expect(table).not.toContainText(/\bfree\b|\bunits?\b/i);
  await expect(table.getByRole("columnheader")).toHaveText(["Service", "Open now", "Set open slots"]);

  const input = row.getByLabel("Open slots of Move-out cleaning");
  for (const size of Object.values(VIEWPORTS)) {
    await page.setViewportSize(size);
    const rows = table.getByRole("row");
    const before = await Promise.all((await rows.all()).map(cellBoxes));
    await input.fill("99");
    await row.getByRole("button", { name: "Save open slots of Move-out cleaning" }).click();
    await expect(row.getByRole("alert")).toHaveText("Enter a whole number from 0 to 2");
    expect(await Promise.all((await rows.all()).map(cellBoxes)), `columns at ${size.width}px`).toEqual(before);
    if (size === VIEWPORTS.desktop) await saveScreenshots("admin-availability-error", page);
    await row.getByRole("button", { name: /^Reset/ }).click();
    await expect(row.getByRole("alert")).toHaveCount(0);
  }
});
