import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { startOwnPostgres } from "./support/own-postgres";
import { createDatabase, freePort, startServerOn, TEST_SECRETS } from "./support/server";

/**
 * Fault: a stop that cannot finish. SIGTERM ends the process within SHUTDOWN_GRACE_MS + 5 s
 * whatever is stuck (contract, Privacy and fair use), and a SIGTERM that arrives while the
 * server is still starting ends it at once. docs/resilience.md lists this test.
 */

const GRACE_MS = 500;
/** SHUTDOWN_GRACE_MS + the 5 s margin, and room for a loaded two-core machine to schedule the exit. */
const DEADLINE_MS = GRACE_MS + 5_000 + 3_000;

describe("stopping (SIGTERM)", () => {
  it("while the database has stopped answering: the process is gone by the deadline", async () => {
    const postgres = await startOwnPostgres();
    const database = await createDatabase("postgres", postgres.adminUrl);
    try {
      const server = await startServerOn(database, { SHUTDOWN_GRACE_MS: String(GRACE_MS) });
      await postgres.stop();
      // A request that waits on the database is in flight when the signal comes.
      void fetch(`${server.url}/api/services`).catch(() => undefined);
      const asked = Date.now();
      await server.halt();
      expect(Date.now() - asked).toBeLessThan(DEADLINE_MS);
      expect(server.running()).toBe(false);
    } finally {
      await postgres.start();
      await database.drop();
      await postgres.destroy();
    }
  }, 60_000);

  it("while it is still starting: it leaves at once", async () => {
    const database = await createDatabase("sqlite");
    try {
      const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, ...TEST_SECRETS, NODE_ENV: "production", PORT: String(await freePort()), HOSTNAME: "127.0.0.1", DATABASE_URL: database.url, LOG_LEVEL: "info" },
      });
      let output = "";
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      // The first log line comes once config and the logger are up, before migrations and Next.
      await new Promise<void>((resolve) => child.stdout!.on("data", (chunk: Buffer) => ((output += chunk.toString()), resolve())));
      const asked = Date.now();
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(Date.now() - asked).toBeLessThan(DEADLINE_MS);
      expect(output).not.toContain('"SERVER_STARTED"');
    } finally {
      await database.drop();
    }
  }, 60_000);
});
