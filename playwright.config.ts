import { defineConfig, devices } from "@playwright/test";
import { e2eServerEnv } from "./tests/e2e/server-env";

/**
 * Browser tests against the production build, served by server.ts on its own port and its
 * own fresh SQLite database. Build first (`next build`; `npm test` does).
 *
 * Playwright cannot download browsers here: Debian's Chromium is used
 * (scripts/test-prerequisites.sh installs it when missing).
 */

/** E2E_PORT lets two runs (say, two engineers' worktrees) share a machine. */
const PORT = Number(process.env.E2E_PORT ?? 3210);
const BASE_URL = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  forbidOnly: true,
  retries: 0,
  reporter: "list",
  // A page load is a server render on a shared two-core machine: give assertions room, and
  // a whole test (two or three browsers, a dozen steps) twice Playwright's default.
  expect: { timeout: 10_000 },
  timeout: 60_000,
  use: {
    baseURL: BASE_URL,
    // The default page's API calls (the signedInAs fixture) write with its session cookie, which
    // the API accepts only from its own origin (tests/e2e/support.ts, sameOrigin).
    extraHTTPHeaders: { origin: BASE_URL },
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: "/usr/bin/chromium",
          // The network is closed: keep Chromium from calling home (and flooding it with refusals).
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  // Two servers of the same build: the main one, and one with 15-second holds for hold tests.
  webServer: [
    testServer(PORT, {}),
    testServer(PORT + 1, { BOOKING_HOLD_MINUTES: "0.25", BOOKING_HOLD_WARNING_MINUTES: "0.2", SCHEDULER_INTERVAL_MS: "250" }),
  ],
});

function testServer(port: number, env: Record<string, string>) {
  const url = `http://localhost:${port}`;
  return {
    command: `rm -rf .e2e-data/${port} && NODE_ENV=production npx tsx server.ts`,
    url: `${url}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 10_000 },
    env: e2eServerEnv(port, env),
  };
}
