/**
 * Switchboard's one process: the HTTP server, Next.js's request handler, the realtime
 * server and the scheduler. Nothing else lives here; everything it starts is in lib/.
 */
import { createServer } from "node:http";
import { loadEnvConfig } from "@next/env";
import next from "next";

const dev = process.env.NODE_ENV !== "production";
loadEnvConfig(process.cwd(), dev);

async function main() {
  // Imported after the environment is loaded: config() reads it on first use.
  const { config } = await import("./lib/config");
  const { db, disconnectDb } = await import("./lib/db/client");
  const { migrate } = await import("./lib/db/migrate");
  const { seedDemo } = await import("./lib/db/seed");
  const { logger } = await import("./lib/logger");
  const { startScheduler } = await import("./lib/scheduler");
  const { attachRealtime } = await import("./lib/realtime/server");
  const { installProcessGuards } = await import("./lib/process-guards");

  const cfg = config();
  const log = logger();
  installProcessGuards(log);
  const applied = await migrate(cfg.databaseUrl);
  if (applied.length) log.info({ code: "MIGRATIONS_APPLIED", migrations: applied, provider: cfg.databaseProvider });
  if (cfg.seedDemo) {
    const seeded = await seedDemo(db());
    if (seeded.users || seeded.services) log.info({ code: "DEMO_SEEDED", ...seeded });
  }

  // next-auth builds its callback URLs from NEXTAUTH_URL; default it to where we listen.
  process.env.NEXTAUTH_URL ??= `http://localhost:${cfg.port}`;
  const app = next({ dev, hostname: "localhost", port: cfg.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((req, res) => handle(req, res));

  // The realtime server: Socket.IO on the same port, registered as the domain's hub.
  const realtime = attachRealtime(server);

  const scheduler = startScheduler();

  await new Promise<void>((resolve) => server.listen(cfg.port, cfg.hostname, resolve));
  log.info({ code: "SERVER_STARTED", port: cfg.port, dev, database: cfg.databaseProvider }, `Switchboard ready on http://localhost:${cfg.port}`);

  let closing = false;
  async function shutdown(signal: string) {
    if (closing) return;
    closing = true;
    log.info({ code: "SERVER_STOPPING", signal });
    server.close();
    server.closeIdleConnections();
    await realtime.close();
    await scheduler.stop();
    await disconnectDb();
    process.exit(0);
  }
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  // Configuration errors name the setting; print them plainly and stop.
  console.error(`Switchboard failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
