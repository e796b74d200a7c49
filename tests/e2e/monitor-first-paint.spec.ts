import type { Page } from "@playwright/test";
import { expect, openAs, sameOrigin, signInThroughApi, test } from "./support";

/**
 * Issue 22: the staff monitor's first paint (the server's HTML, before any script runs)
 * already counts the person looking at it, as the live readings do a moment later; it
 * used to say "Staff 0" and "3 sockets from 3 people" without them, then correct itself.
 */

/** The count beside a label of a "Connections by ..." breakdown. */
function breakdownCount(page: Page, label: string) {
  return page.getByRole("region", { name: "Live system" }).getByRole("term").filter({ hasText: new RegExp(`^${label}$`) }).locator("xpath=following-sibling::dd[2]");
}

const sockets = (page: Page) => page.getByRole("region", { name: "Who is connected" }).getByText(/^\d+ sockets? from \d+ (person|people)$/);

test("the staff monitor's first paint counts its viewer, as the live readings then do", async ({ browser, saveScreenshots }) => {
  await openAs(browser, "client@demo.test", "/client");

  // The server's HTML alone: no script, so this page never connects.
  const firstPaint = await browser.newContext({ ...sameOrigin(), javaScriptEnabled: false });
  await signInThroughApi(firstPaint.request, "staff@demo.test");
  const html = await firstPaint.newPage();
  await html.goto("/staff");
  await expect(breakdownCount(html, "Staff")).toHaveText("1");
  const painted = await sockets(html).innerText();
  const [, socketCount, people] = /^(\d+) sockets? from (\d+)/.exec(painted)!.map(Number);
  expect(socketCount).toBeGreaterThanOrEqual(2);
  await expect(html.getByRole("row").filter({ hasText: "Sam Staff" })).toContainText("you");
  await saveScreenshots("monitor-first-paint", html);

  // The same monitor with its script: once connected and read again, the same counts.
  const live = await openAs(browser, "staff@demo.test", "/staff");
  await expect(breakdownCount(live.page, "Staff")).toHaveText("1");
  await expect(sockets(live.page)).toHaveText(painted);
  // The readings are pushed every 2 s: the list reloads on each, and still agrees.
  await live.page.waitForResponse((response) => response.url().endsWith("/api/realtime/connections"));
  await expect(sockets(live.page)).toHaveText(`${socketCount} sockets from ${people} people`);
  await expect(breakdownCount(live.page, "Staff")).toHaveText("1");
  await firstPaint.close();
});
