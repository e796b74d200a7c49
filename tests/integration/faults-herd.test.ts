import { io } from "socket.io-client";
import { describe, expect, it } from "vitest";
import { useServer } from "./support/fixtures";
import type { TestServer } from "./support/server";
import { latestEventId, metricValue, realtimeClientFor, serverConnections, triggerAsService, whenStatus } from "./support/sockets";
import { RealtimeClient } from "../../lib/realtime/client";

/**
 * Fault: the thundering herd. A thousand clients (the dashboards' own client, with its
 * jittered reconnection) are connected when the server restarts, and all come back at once.
 * The server admits REALTIME_CONNECTIONS_PER_SECOND handshakes a second (the default here)
 * and refuses the rest with a retryable "rate_limited" that the clients back off on (proven
 * on the first connection, a thousand at the same instant; after the restart the clients'
 * jitter spreads them out, and the limit is the safety net), keeps answering HTTP meanwhile,
 * and ends with every client connected.
 * docs/resilience.md lists this test.
 */

const CLIENTS = 1000;

/** How many handshakes the server refused as rate limited, from its Prometheus metrics. */
const rateLimitedHandshakes = (server: TestServer) => metricValue(server, "switchboard_realtime_errors_total", 'code="CONNECTION_RATE_LIMITED"');

describe("a thousand clients reconnecting at once after a restart", () => {
  const ctx = useServer("sqlite");

  it(
    "all get back, the server paces them and keeps serving",
    async () => {
      const { server, users } = ctx;
      // Something to catch up on, so every reconnection also asks the database (`sync`).
      await triggerAsService(server, { event: "test:before-restart", data: {}, to: { roles: ["CLIENT", "PROVIDER", "ADMIN", "STAFF"] }, durable: true });
      const cursor = await latestEventId(server);
      const everyone = [users.client, users.client2, users.provider, users.provider2, users.admin, users.staff];

      const clients: RealtimeClient[] = [];
      try {
        // Connecting a thousand at once is already a herd: the same pacing brings them in.
        const first = await Promise.all(
          Array.from({ length: CLIENTS }, (_, i) => realtimeClientFor(everyone[i % everyone.length], { initialCursor: cursor }, 60_000)),
        );
        clients.push(...first.map((c) => c.realtime));
        await expect.poll(() => serverConnections(server), { timeout: 20_000 }).toBe(CLIENTS);
        // A thousand at the same instant is far above the rate: the limit turned some away to come back later.
        expect(await rateLimitedHandshakes(server), "the server paced the first herd").toBeGreaterThan(0);

        await server.halt();
        await server.resume();
        // The herd is arriving now; the server still answers HTTP.
        expect((await users.anonymous.get("/api/health")).status).toBe(200);

        await Promise.all(clients.map((client) => whenStatus(client, "live", 60_000)));
        await expect.poll(() => serverConnections(server), { timeout: 30_000, message: "every client is connected again" }).toBe(CLIENTS);
        expect(server.running()).toBe(true);
        expect(server.logs()).not.toMatch(/"code":"(UNCAUGHT_EXCEPTION|UNHANDLED_REJECTION|UNHANDLED_ROUTE_ERROR)"/);
      } finally {
        for (const client of clients) client.stop();
      }
    },
    150_000,
  );
});

describe("handshakes without an identity during a herd", () => {
  const ctx = useServer("sqlite", { REALTIME_CONNECTIONS_PER_SECOND: "5" });

  /** One handshake, no retries: resolves with "connected" or the refusal's message. */
  function handshake(token: string): Promise<string> {
    const socket = io(ctx.server.url, { auth: { token }, transports: ["websocket"], reconnection: false, forceNew: true });
    return new Promise<string>((resolve) => {
      socket.once("connect", () => resolve("connected"));
      socket.once("connect_error", (error) => resolve(error.message));
    }).finally(() => socket.close());
  }

  it("cannot spend the handshake budget: refused as unauthorized, while a real client still gets in", async () => {
    const forged = await Promise.all(Array.from({ length: 20 }, (_, i) => handshake(`forged-${i}`)));
    expect(new Set(forged)).toEqual(new Set(["unauthorized"]));
    expect(await handshake(ctx.users.client.token!)).toBe("connected");
  });
});
