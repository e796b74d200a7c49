/**
 * Switchboard's one process: the HTTP server, Next.js's request handler, the realtime
 * server and the scheduler. Nothing else lives here; everything it starts is in lib/.
 */
import { createServer } from "node:http";
import { loadEnvConfig } from "@next/env";
import next from "next";

const dev = process.env.NODE_ENV !== "production";
/** How long past SHUTDOWN_GRACE_MS a stop may take before the process exits regardless. */
const SHUTDOWN_MARGIN_MS = 5_000;
loadEnvConfig(process.cwd(), dev);

async function main() {
  // Imported after the environment is loaded: config() reads it on first use.
  const { config } = await import("./lib/config");
  const { composeServices, closeServices } = await import("./lib/compose");
  const { migrate } = await import("./lib/db/migrate");
  const { seedDemo } = await import("./lib/db/seed");
  const { logger } = await import("./lib/logger");
  const { startScheduler } = await import("./lib/scheduler");
  const { attachRealtime } = await import("./lib/realtime/server");
  const { serveNodeRoute } = await import("./lib/api/node-routes");
  const { stampClientAddress } = await import("./lib/http/client-address");
  const { applySecurityHeaders } = await import("./lib/http/security-headers");
  const { installProcessGuards } = await import("./lib/process-guards");

  const cfg = config();
  const log = logger();
  installProcessGuards(log);
  // Until the server serves, a stop has nothing to drain (each migration is one
  // transaction): leave at once, rather than leave a signal to Node's default or to a
  // library's handler that may not exit.
  let stop: (signal: string) => void = (signal) => {
    log.info({ code: "SERVER_STOPPED", signal, during: "start" });
    process.exit(0);
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  // Every long-lived service (database, event log, batch queues, budgets) is built here, once.
  const services = composeServices();
  const applied = await migrate(cfg.databaseUrl);
  if (applied.length) log.info({ code: "MIGRATIONS_APPLIED", migrations: applied, provider: cfg.databaseProvider });
  if (cfg.seedDemo) {
    const seeded = await seedDemo(services.database.prisma);
    if (seeded.users || seeded.services) log.info({ code: "DEMO_SEEDED", ...seeded });
  }

  // next-auth builds its callback URLs from NEXTAUTH_URL; default it to where we listen.
  process.env.NEXTAUTH_URL ??= `http://localhost:${cfg.port}`;
  const app = next({ dev, hostname: "localhost", port: cfg.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  // Requests in flight, so a stopping node can let them finish. The realtime endpoints are
  // served here (lib/api/node-routes.ts); every other route by Next.
  let inFlight = 0;
  const server = createServer((req, res) => {
    inFlight++;
    res.once("close", () => inFlight--);
    stampClientAddress(req, cfg.trustProxy); // the address sign-in throttling keys on, never the client's say-so
    applySecurityHeaders(res);
    return serveNodeRoute(req, res) || handle(req, res);
  });
  // Idle keep-alive connections outlive the proxy's (nginx keeps its upstream connections
  // 60 s), so the proxy closes them first and never sends a request on one this node is
  // just closing (a reset, or a 502 for a POST it cannot retry). Node's 5 s default also
  // races a busy event loop: a long fan-out can hold the close until a request is on the wire.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000; // kept above keepAliveTimeout, as usual behind proxies

  // The realtime server: Socket.IO on the same port, registered as the domain's hub.
  const realtime = await attachRealtime(server);

  const scheduler = startScheduler();

  await new Promise<void>((resolve) => server.listen(cfg.port, cfg.hostname, resolve));
  log.info({ code: "SERVER_STARTED", port: cfg.port, dev, database: cfg.databaseProvider, redis: Boolean(cfg.redisUrl) }, `Switchboard ready on http://localhost:${cfg.port}`);

  /**
   * Graceful stop: accept nothing new (the load balancer moves new requests elsewhere),
   * let the requests in flight and the scheduler's current tick finish (for at most
   * SHUTDOWN_GRACE_MS), then close the sockets without a goodbye so their clients reconnect
   * to another node (resuming their sessions there when Redis is shared), and exit. Whatever
   * is stuck (a database that stopped answering, a hung close), the process is gone
   * SHUTDOWN_GRACE_MS + 5 s after the signal.
   */
  let closing = false;
  async function shutdown(signal: string) {
    if (closing) return;
    closing = true;
    log.info({ code: "SERVER_STOPPING", signal, inFlight });
    setTimeout(() => {
      log.error({ code: "SHUTDOWN_DEADLINE", signal, inFlight }, "the graceful stop did not finish in time; exiting anyway");
      process.exit(1);
    }, cfg.shutdownGraceMs + SHUTDOWN_MARGIN_MS).unref();
    server.close();
    server.closeIdleConnections();
    const deadline = Date.now() + cfg.shutdownGraceMs;
    while (inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await scheduler.stop();
    await realtime.close();
    server.closeAllConnections();
    await closeServices(); // writes the durable triggers accepted but not yet committed
    log.info({ code: "SERVER_STOPPED", signal, abandonedRequests: inFlight });
    process.exit(0);
  }
  stop = (signal) => void shutdown(signal);
}

main().catch((error: unknown) => {
  // Configuration errors name the setting; print them plainly and stop.
  console.error(`Switchboard failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
