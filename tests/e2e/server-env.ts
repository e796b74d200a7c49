import { GENEROUS_LIMITS } from "../generous-limits";

/** The environment of a browser-test server on `port` (playwright.config.ts starts two; a spec may start its own). */
export function e2eServerEnv(port: number, env: Record<string, string> = {}): Record<string, string> {
  return {
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: `file:./.e2e-data/${port}/e2e.db`,
    SEED_DEMO: "1",
    ALLOW_DEMO_IN_PRODUCTION: "1",
    ...GENEROUS_LIMITS,
    HOSTNAME: "127.0.0.1",
    PORT: String(port),
    NEXTAUTH_URL: `http://localhost:${port}`,
    // Fixed values for the test servers only; production refuses to start without secrets.
    NEXTAUTH_SECRET: "e2e-nextauth-secret-of-32-characters",
    INTERNAL_API_SECRET: "e2e-internal-api-secret-of-32-characters",
    WEBHOOK_SECRET: "e2e-webhook-secret-of-32-characters",
    LOG_LEVEL: "warn",
    // Browsers that fall back to polling check every 2 s, so tests see it happen.
    CLIENT_POLL_INTERVAL_MS: "2000",
    ...env,
  };
}
