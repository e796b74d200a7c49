import type { Page } from "@playwright/test";
import { expect, openAs, test, VIEWPORTS } from "./support";

/**
 * Dark mode: the system's preference is followed until the user chooses, the choice is kept
 * across reloads, and the first paint is already in the theme (the boot script in
 * app/layout.tsx). Each dashboard is saved in dark at desktop and phone width under
 * test-results/screenshots/, to be looked at.
 */

/** The page's background and text colours as the browser renders them: light means a luminance above one half. */
async function looksDark(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const luminance = (css: string) => {
      const canvas = document.createElement("canvas").getContext("2d")!;
      canvas.fillStyle = css;
      canvas.fillRect(0, 0, 1, 1);
      const [r, g, b] = canvas.getImageData(0, 0, 1, 1).data;
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    };
    const body = getComputedStyle(document.body);
    return luminance(body.backgroundColor) < 0.5 && luminance(body.color) > 0.5;
  });
}

test.describe("theme", () => {
  test("follows the system, is dark from the first paint, and keeps the user's choice across reloads", async ({ page }) => {
    await page.emulateMedia({ colorScheme: "dark" });
    // Before any script of React's has run, the boot script has already chosen.
    await page.goto("/signin", { waitUntil: "commit" });
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    await page.waitForLoadState("load");
    expect(await looksDark(page)).toBe(true);

    const toggle = page.getByRole("button", { name: /theme/ });
    await expect(toggle).toHaveAccessibleName(/^System theme/);
    await toggle.click(); // system -> light
    await expect(toggle).toHaveAccessibleName(/^Light theme/);
    await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
    expect(await looksDark(page)).toBe(false);

    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
    await toggle.click(); // light -> dark
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    await page.emulateMedia({ colorScheme: "light" });
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");

    await toggle.click(); // dark -> system, which is light now
    await expect(toggle).toHaveAccessibleName(/^System theme/);
    await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
    await page.emulateMedia({ colorScheme: "dark" }); // and follows the system live
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  });

  test("on a phone the header leaves the toggle out, and the profile page's Appearance sets the theme", async ({ browser, saveScreenshots }) => {
    const { page } = await openAs(browser, "client@demo.test", "/settings/profile");
    await page.setViewportSize(VIEWPORTS.phone);
    await page.emulateMedia({ colorScheme: "light" });
    await expect(page.getByRole("button", { name: /theme/ })).toBeHidden();
    const appearance = page.getByRole("group", { name: "Theme, in this browser" });
    await expect(appearance.getByRole("radio", { name: /System/ })).toBeChecked();
    await appearance.getByRole("radio", { name: /Dark/ }).check();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    await page.reload();
    await expect(page.getByRole("group", { name: "Theme, in this browser" }).getByRole("radio", { name: /Dark/ })).toBeChecked();
    expect(await looksDark(page)).toBe(true);
    await saveScreenshots("dark-profile", page);
  });

  test("the header's toggle and the profile page's field show one choice", async ({ browser }) => {
    const { page } = await openAs(browser, "client@demo.test", "/settings/profile");
    const toggle = page.getByRole("button", { name: /theme/ });
    const appearance = page.getByRole("group", { name: "Theme, in this browser" });
    await appearance.getByRole("radio", { name: /Dark/ }).check();
    await expect(toggle).toHaveAccessibleName(/^Dark theme/);
    await toggle.click(); // dark -> system
    await expect(appearance.getByRole("radio", { name: /System/ })).toBeChecked();
  });

  for (const { email, path, name } of [
    { email: "client@demo.test", path: "/client", name: "client" },
    { email: "provider@demo.test", path: "/provider", name: "provider" },
    { email: "admin@demo.test", path: "/admin", name: "admin" },
    { email: "staff@demo.test", path: "/staff", name: "staff" },
  ]) {
    test(`the ${name} dashboard in dark: panels dark, text light`, async ({ browser, saveScreenshots }) => {
      const { page } = await openAs(browser, email, path);
      await page.emulateMedia({ colorScheme: "dark" });
      await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
      expect(await looksDark(page)).toBe(true);
      const panel = page.locator("section[aria-label]").first();
      const panelBackground = await panel.evaluate((element) => getComputedStyle(element).backgroundColor);
      expect(panelBackground).not.toMatch(/^rgb\(255, 255, 255\)$/);
      await saveScreenshots(`dark-${name}`, page);
    });
  }
});
