import path from "node:path";
import { test as base, expect, type APIRequestContext, type Browser, type BrowserContext, type JSHandle, type Page } from "@playwright/test";
import type { RealtimeClient } from "../../lib/realtime/client";

/**
 * What every browser test shares: signing in through next-auth's API (fast, and the form
 * has its own test), opening several people's browsers at once, saving screenshots, and
 * the URLs of the two test servers (see playwright.config.ts).
 */

export const DEMO_PASSWORD = "demo-password";

const MAIN_PORT = Number(process.env.E2E_PORT ?? 3210);
export const servers = {
  main: `http://localhost:${MAIN_PORT}`,
  /** The same app with a hold of 15 s and its warning 12 s before the end, for hold tests. */
  shortHold: `http://localhost:${MAIN_PORT + 1}`,
};

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/**
 * Options for a browser context or API request context that talks to `baseURL` as its own
 * pages would: the API refuses cookie-authenticated writes that do not name the page's
 * origin (CSRF protection), and a script has no page to name it for it.
 */
export function sameOrigin(baseURL: string = servers.main) {
  return { baseURL, extraHTTPHeaders: { origin: new URL(baseURL).origin } };
}

/** Signs a request context in the way the form does, through next-auth's credentials callback. */
export async function signInThroughApi(request: APIRequestContext, email: string): Promise<void> {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password: DEMO_PASSWORD, json: "true" },
  });
  const session = (await (await request.get("/api/auth/session")).json()) as { user?: { email: string } };
  expect(session.user?.email, `signed in as ${email}`).toBe(email);
}

/** A separate browser (its own cookies) signed in as `email`, with a page open at `path`. */
export async function openAs(browser: Browser, email: string, path: string, baseURL = servers.main): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(sameOrigin(baseURL));
  await signInThroughApi(context.request, email);
  const page = await context.newPage();
  await page.goto(path);
  await expect(page.getByRole("status").filter({ hasText: /^(Live|Polling|Offline)$/ })).toHaveText("Live");
  return { context, page };
}

/** What the tests use of the tab's RealtimeClient; `socket` is private to it, reached to cut the connection under the page. */
export type TabClient = Pick<RealtimeClient, "lastEventId" | "epoch" | "catchUp" | "report"> & { socket: { io: { engine: { close(): void } } } };

/**
 * The tab's realtime client as its components have it: the value of RealtimeProvider's
 * context, found from a rendered element through React's fiber tree. The client lives in
 * its module, not on `window`; this is how a test reaches it. Ask again after a reload.
 */
export function tabClient(page: Page): Promise<JSHandle<TabClient>> {
  return page.evaluateHandle(() => {
    type Fiber = { memoizedProps?: { value?: { catchUp?: unknown } } | null; return: Fiber | null };
    for (const element of document.querySelectorAll("body *")) {
      const key = Object.keys(element).find((name) => name.startsWith("__reactFiber$"));
      for (let fiber = key ? (element as unknown as Record<string, Fiber>)[key] : null; fiber; fiber = fiber.return) {
        const value = fiber.memoizedProps?.value;
        if (typeof value?.catchUp === "function") return value as TabClient;
      }
    }
    throw new Error("no RealtimeProvider on this page");
  });
}

type Fixtures = {
  /**
   * Closes every browser a test opened with `openAs` when it ends, so no one stays online
   * into the next test (presence, connection lists and counts depend on it).
   */
  closeOpenedBrowsers: void;
  /** Gives the page's browser context a session for the account, without the form. */
  signedInAs: (email: string) => Promise<void>;
  /** Saves full-page screenshots of a page at every width in VIEWPORTS under test-results/screenshots/. */
  saveScreenshots: (name: string, page?: Page) => Promise<void>;
};

export const test = base.extend<Fixtures>({
  closeOpenedBrowsers: [
    async ({ browser }, use) => {
      const before = new Set(browser.contexts());
      await use();
      await Promise.all(browser.contexts().filter((context) => !before.has(context)).map((context) => context.close()));
    },
    { auto: true },
  ],

  signedInAs: async ({ page }, use) => {
    await use((email) => signInThroughApi(page.context().request, email));
  },

  saveScreenshots: async ({ page: defaultPage }, use, testInfo) => {
    await use(async (name, page = defaultPage) => {
      const original = page.viewportSize();
      for (const [width, size] of Object.entries(VIEWPORTS)) {
        await page.setViewportSize(size);
        await page.screenshot({
          path: path.join(testInfo.project.outputDir, "screenshots", `${name}-${width}.png`),
          fullPage: true,
          animations: "disabled",
        });
      }
      if (original) await page.setViewportSize(original);
    });
  },
});

export { expect };
