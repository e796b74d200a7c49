import type { Locator, Page } from "@playwright/test";
import { DEMO_PASSWORD, expect, openAs, sameOrigin, servers, signInThroughApi, test as base } from "./support";

/**
 * Signing in through the form, for each demo role, and the redirects that keep each role on
 * its own page. Every page the test reaches is saved as a full-page screenshot at desktop
 * and phone width under test-results/screenshots/, to be looked at.
 */

const ROLES = [
  { email: "client@demo.test", home: "/client", heading: "Book a service" },
  { email: "provider@demo.test", home: "/provider", heading: "Requests and work" },
  { email: "admin@demo.test", home: "/admin", heading: "Administration" },
  { email: "staff@demo.test", home: "/staff", heading: "System monitor" },
] as const;

/** The sign-in form as a user sees it: fields found by their labels. */
class SignInForm {
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  /** The form's own alert (Next.js keeps another, empty one for route announcements). */
  readonly alert: Locator;

  constructor(page: Page) {
    const form = page.getByRole("form", { name: "Sign in" });
    this.email = form.getByLabel("Email");
    this.password = form.getByLabel("Password");
    this.submit = form.getByRole("button", { name: "Sign in" });
    this.alert = form.getByRole("alert");
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submit.click();
  }
}

type Fixtures = {
  signInForm: SignInForm;
};

type WorkerFixtures = {
  /**
   * Bookings in a few states, so the dashboards show their tables rather than an empty
   * message. Made once per worker through the API, as the client and the provider would.
   */
  demoBookings: void;
};

const test = base.extend<Fixtures, WorkerFixtures>({
  signInForm: async ({ page }, use) => {
    await use(new SignInForm(page));
  },

  demoBookings: [
    async ({ playwright }, use, workerInfo) => {
      const baseURL = workerInfo.project.use.baseURL;
      const client = await playwright.request.newContext(sameOrigin(baseURL));
      const provider = await playwright.request.newContext(sameOrigin(baseURL));
      await signInThroughApi(client, "client@demo.test");
      await signInThroughApi(provider, "provider@demo.test");

      const { services } = (await (await client.get("/api/services")).json()) as { services: { id: string; title: string }[] };
      const tomorrow = Date.now() + 24 * 60 * 60 * 1000;
      for (const [i, service] of services.entries()) {
        const response = await client.post("/api/bookings", {
          data: { serviceId: service.id, scheduledAt: new Date(tomorrow + i * 60 * 60 * 1000).toISOString() },
        });
        expect(response.status(), `booking ${service.title}`).toBe(201);
      }

      // The provider accepts one request and the client pays for it by card.
      const { bookings: requests } = (await (await provider.get("/api/bookings")).json()) as { bookings: { id: string }[] };
      const [accepted] = requests;
      if (!accepted) throw new Error("the demo provider has no booking requests");
      expect((await provider.post(`/api/bookings/${accepted.id}/accept`)).status()).toBe(200);
      expect((await client.post(`/api/payments/${accepted.id}/pay`, { data: { method: "CARD" } })).status()).toBe(200);

      await Promise.all([client.dispose(), provider.dispose()]);
      await use();
    },
    { scope: "worker" },
  ],
});

test("the front door sends a visitor to sign in", async ({ page, signInForm, saveScreenshots }) => {
  await page.goto("/");
  await expect(page).toHaveURL("/signin");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to Switchboard" })).toBeVisible();
  await expect(signInForm.submit).toBeEnabled();
  // Every seeded account, as the README lists them, with whose services are whose.
  await expect(page.getByRole("list", { name: "Demo accounts" }).getByRole("listitem")).toHaveText([
    "client@demo.test (client)",
    "client2@demo.test (another client)",
    "provider@demo.test (provider of the cleanings)",
    "provider2@demo.test (provider of the bike tune-up and training)",
    "admin@demo.test (admin)",
    "staff@demo.test (staff)",
  ]);
  await saveScreenshots("signin");
});

for (const role of ROLES) {
  // demoBookings: the screenshots should show each dashboard with bookings in it.
  test(`${role.email} signs in and lands on ${role.home}`, async ({ page, signInForm, saveScreenshots, demoBookings }) => {
    await page.goto("/");
    await expect(page).toHaveURL("/signin");
    await signInForm.signIn(role.email, DEMO_PASSWORD);
    await expect(page).toHaveURL(role.home);
    await expect(page.getByRole("heading", { level: 1, name: role.heading })).toBeVisible();
    await saveScreenshots(role.home.slice(1));
  });

  test(`a visitor opening ${role.home} is sent to sign in`, async ({ page }) => {
    await page.goto(role.home);
    await expect(page).toHaveURL("/signin");
    await expect(page.getByRole("heading", { level: 1, name: "Sign in to Switchboard" })).toBeVisible();
  });
}

test("a client opening /admin is sent back to /client", async ({ page, signedInAs }) => {
  await signedInAs("client@demo.test");
  await page.goto("/admin");
  await expect(page).toHaveURL("/client");
  await expect(page.getByRole("heading", { level: 1, name: "Book a service" })).toBeVisible();
});

test("a wrong password shows an alert and stays on sign in", async ({ page, signInForm, saveScreenshots }) => {
  await page.goto("/signin");
  await signInForm.signIn("client@demo.test", "not-the-password");
  await expect(signInForm.alert).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL("/signin");
  await expect(signInForm.submit).toBeEnabled();
  await saveScreenshots("signin-wrong-password");
});

test("repeated failures for one account are throttled: the form says to wait", async ({ page, signInForm, saveScreenshots }) => {
  // An account of its own, so the block (SIGNIN_MAX_FAILURES_PER_ACCOUNT, 5 by default) troubles no other test.
  const email = `guessed-${Date.now()}@demo.test`;
  await page.goto("/signin");
  for (let attempt = 0; attempt < 5; attempt++) {
    await signInForm.signIn(email, `guess-${attempt}`);
    await expect(signInForm.alert).toHaveText("Wrong email or password.");
    await expect(signInForm.submit).toBeEnabled();
  }
  await signInForm.signIn(email, "guess-5");
  await expect(signInForm.alert).toHaveText("Too many failed attempts. Wait a few minutes and try again.");
  await expect(page).toHaveURL("/signin");
  await saveScreenshots("signin-throttled");
});

// On the server with short holds, whose staff account no other test uses: signing it out
// everywhere cannot end another test's session.
test("sign out everywhere: the other browser's dashboard goes to the sign-in page at once", async ({ browser, saveScreenshots }) => {
  const laptop = await openAs(browser, "staff@demo.test", "/settings/notifications", servers.shortHold);
  const phone = await openAs(browser, "staff@demo.test", "/staff", servers.shortHold);

  const section = laptop.page.getByRole("region", { name: "Where you are signed in" });
  await section.getByRole("button", { name: "Sign out everywhere" }).click();
  await saveScreenshots("sign-out-everywhere-confirm", laptop.page);
  await section.getByRole("button", { name: "Yes, sign out everywhere" }).click();

  await expect(laptop.page).toHaveURL(/\/signin/);
  // The phone did nothing: its live connection was dropped and refused, so it left by itself.
  await expect(phone.page).toHaveURL(/\/signin/);
  await expect(phone.page.getByRole("form", { name: "Sign in" })).toBeVisible();
  const session = (await (await phone.context.request.get("/api/auth/session")).json()) as { user?: unknown };
  expect(session.user).toBeUndefined();
});

test("an empty form names each missing field under it, and sends nothing", async ({ page, signInForm, saveScreenshots }) => {
  await page.goto("/signin");
  let sent = 0;
  page.on("request", (request) => {
    if (request.url().includes("/api/auth/callback/credentials")) sent++;
  });
  await signInForm.submit.click();
  await expect(signInForm.email).toHaveAccessibleDescription("Enter your email address.");
  await expect(signInForm.password).toHaveAccessibleDescription("Enter your password.");
  await expect(signInForm.email).toHaveAttribute("aria-invalid", "true");
  await expect(signInForm.email).toBeFocused();
  await expect(signInForm.alert.filter({ hasText: "Wrong email or password." })).toHaveCount(0);
  await saveScreenshots("signin-empty");

  // Only the password missing: only it is named, and the email's error has gone.
  await signInForm.email.fill("client@demo.test");
  await signInForm.submit.click();
  await expect(signInForm.password).toHaveAccessibleDescription("Enter your password.");
  await expect(signInForm.password).toBeFocused();
  await expect(signInForm.email).not.toHaveAttribute("aria-invalid", "true");
  expect(sent, "nothing was sent").toBe(0);
});

test("after signing in the form shows it is working until the dashboard replaces it, with no empty page between", async ({ page, signInForm }) => {
  // Every frame the sign-in page draws, until it is unloaded, has its heading: none is blank.
  await page.addInitScript(() => {
    if (location.pathname !== "/signin") return;
    const check = () => {
      if (!document.querySelector("h1")) sessionStorage.setItem("blank-frame", "seen");
      requestAnimationFrame(check);
    };
    document.addEventListener("DOMContentLoaded", () => requestAnimationFrame(check));
  });
  await page.goto("/signin");
  await signInForm.email.fill("client@demo.test");
  await signInForm.password.fill(DEMO_PASSWORD);
  await signInForm.submit.click();
  await expect(page.getByRole("form", { name: "Sign in" }).getByRole("button", { name: "Signing in…" })).toBeDisabled();
  await expect(page).toHaveURL("/client");
  await expect(page.getByRole("heading", { level: 1, name: "Book a service" })).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.getItem("blank-frame"))).toBeNull();
});

test("an unknown page says so in the app's look, with a way back home", async ({ page, signedInAs, saveScreenshots }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page).toHaveTitle("Page not found · Switchboard");
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await saveScreenshots("not-found");

  // Home is the sign-in page for a visitor, and the dashboard once signed in.
  await page.getByRole("link", { name: "Back to Switchboard" }).click();
  await expect(page).toHaveURL("/signin");
  await signedInAs("client@demo.test");
  await page.goto("/client/nothing-here");
  await page.getByRole("link", { name: "Back to Switchboard" }).click();
  await expect(page).toHaveURL("/client");
  await expect(page.getByRole("heading", { level: 1, name: "Book a service" })).toBeVisible();
});
