import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApiClient, DEMO_PASSWORD, future } from "./support/api";
import { serviceOf, useServer } from "./support/fixtures";
import { DATABASES, type TestServer } from "./support/server";
import { tryHandshake, type TestSocket } from "./support/sockets";

/**
 * Fair use (docs/security.md): no one client, user or address can take what others need:
 * the units of a service, the sockets and handshakes of a node, the server's HTTP capacity.
 */

const CAP = 3;
const OPEN = ["PENDING", "CONFIRMED", "IN_PROGRESS"];

describe.each(DATABASES)("open bookings per client on %s", (kind) => {
  const ctx = useServer(kind, { MAX_OPEN_BOOKINGS_PER_CLIENT: String(CAP), SCHEDULER_INTERVAL_MS: "100" });

  async function cancelOpenBookings(user: ApiClient) {
    const { body } = await user.get("/api/bookings");
    for (const booking of body.bookings as { id: string; status: string }[]) {
      if (OPEN.includes(booking.status)) expect((await user.post(`/api/bookings/${booking.id}/cancel`)).status).toBe(200);
    }
  }
  const book = (user: ApiClient, serviceId: string) => user.post("/api/bookings", { serviceId, scheduledAt: future(72) });
  const available = async (serviceId: string) =>
    Number((await ctx.server.query<{ available: number }>(`SELECT available FROM "Service" WHERE id = $1`, [serviceId]))[0].available);

  // provider2's first service has 4 units: the fourth booking fails on the cap, not on availability.
  beforeEach(async () => {
    await cancelOpenBookings(ctx.users.client);
    await cancelOpenBookings(ctx.users.client2);
  });

  it(`the ${CAP + 1}th open booking is refused and changes nothing; another client still books; cancelling one makes room`, async () => {
    const { users } = ctx;
    const service = await serviceOf(users, "provider2");
    const made = [];
    for (let i = 0; i < CAP; i++) {
      const reply = await book(users.client, service.id);
      expect(reply.status).toBe(201);
      made.push(reply.body.booking.id as string);
    }
    const refused = await book(users.client, service.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("TOO_MANY_OPEN_BOOKINGS");
    expect(await available(service.id)).toBe(service.capacity - CAP);

    expect((await book(users.client2, service.id)).status).toBe(201);

    expect((await users.client.post(`/api/bookings/${made[0]}/cancel`)).status).toBe(200);
    expect((await book(users.client, service.id)).status).toBe(201);
  });

  it(`${CAP * 3} bookings sent together by one client: exactly ${CAP} are made, the rest get 409`, async () => {
    const { users } = ctx;
    const services = [await serviceOf(users, "provider"), await serviceOf(users, "provider2")];
    const replies = await Promise.all(Array.from({ length: CAP * 3 }, (_, i) => book(users.client, services[i % 2].id)));
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(CAP);
    for (const reply of replies.filter((r) => r.status !== 201)) {
      expect(reply.status).toBe(409);
      expect(reply.body.error.code).toBe("TOO_MANY_OPEN_BOOKINGS");
    }
    const { body } = await users.client.get("/api/bookings");
    expect(body.bookings.filter((b: { status: string }) => OPEN.includes(b.status))).toHaveLength(CAP);
    const held = services.map((s) => s.capacity).reduce((a, b) => a + b) - (await available(services[0].id)) - (await available(services[1].id));
    expect(held).toBe(CAP);
  });

  it("booking while other bookings of the client are accepted and cancelled, all at once, never deadlocks", async () => {
    const { users } = ctx;
    const service = await serviceOf(users, "provider2");
    const answers: number[] = [];
    // Three at a time, each: book, the provider accepts, the client cancels (the lock on the
    // client's row must not wait on a cancellation's notice while it holds the service's row).
    const loop = async () => {
      for (let round = 0; round < 8; round++) {
        const made = await book(users.client, service.id);
        answers.push(made.status);
        if (made.status !== 201) continue;
        answers.push((await users.provider2.post(`/api/bookings/${made.body.booking.id}/accept`)).status);
        answers.push((await users.client.post(`/api/bookings/${made.body.booking.id}/cancel`)).status);
      }
    };
    await Promise.all([loop(), loop(), loop()]);
    expect(answers.filter((status) => ![200, 201, 409].includes(status))).toEqual([]);
    expect(answers.filter((status) => status === 201).length).toBeGreaterThan(8);
  });

  it("renewing an expired hold counts as a new open booking", async () => {
    const { users, server } = ctx;
    const service = await serviceOf(users, "provider2");
    const first = (await book(users.client, service.id)).body.booking.id as string;
    // The hold runs out (as if 15 minutes had passed) and the scheduler expires it.
    const past = kind === "sqlite" ? new Date(Date.now() - 60_000).toISOString() : new Date(Date.now() - 60_000);
    await server.query(`UPDATE "Booking" SET "holdExpiresAt" = $1 WHERE id = $2`, [past, first]);
    await expect
      .poll(async () => (await users.client.get(`/api/bookings/${first}`)).body.booking.status, { timeout: 10_000, interval: 100 })
      .toBe("EXPIRED");
    const others = [];
    for (let i = 0; i < CAP; i++) others.push((await book(users.client, service.id)).body.booking.id as string);

    const refused = await users.client.post(`/api/bookings/${first}/renew`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("TOO_MANY_OPEN_BOOKINGS");
    expect((await users.client.get(`/api/bookings/${first}`)).body.booking.status).toBe("EXPIRED");

    expect((await users.client.post(`/api/bookings/${others[0]}/cancel`)).status).toBe(200);
    const renewed = await users.client.post(`/api/bookings/${first}/renew`);
    expect(renewed.status).toBe(200);
    expect(renewed.body.booking.status).toBe("PENDING");
  });
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sockets opened by a test, closed after it. */
function socketJar(server: () => TestServer) {
  const open: TestSocket[] = [];
  afterEach(() => {
    for (const socket of open.splice(0)) socket.close();
  });
  return {
    /** One handshake as `user` from `address` (X-Forwarded-For behind TRUST_PROXY): "connected" or the refusal. */
    async handshake(user: ApiClient, address = "198.51.100.1"): Promise<string> {
      const { socket, outcome } = await tryHandshake(server(), { token: user.token, headers: { "x-forwarded-for": address } });
      open.push(socket);
      return outcome;
    },
    closeAll(): void {
      for (const socket of open.splice(0)) socket.close();
    },
  };
}

const from = (user: ApiClient, address: string) => ({
  get: (path: string) => user.request("GET", path, undefined, { "x-forwarded-for": address }),
});

describe("sockets: a cap per user, handshake budgets per user and per address", () => {
  const ctx = useServer("sqlite", {
    TRUST_PROXY: "1",
    REALTIME_MAX_SOCKETS_PER_USER: "3",
    REALTIME_HANDSHAKES_PER_USER_PER_MINUTE: "6",
    REALTIME_HANDSHAKES_PER_ADDRESS_PER_MINUTE: "8",
  });
  const sockets = socketJar(() => ctx.server);

  it("a user holds at most 3 sockets, however many are opened at once; the next is too_many_connections until one closes", async () => {
    const { users } = ctx;
    const burst = await Promise.all(Array.from({ length: 5 }, (_, i) => sockets.handshake(users.client, `198.51.100.${10 + i}`)));
    expect(burst.sort()).toEqual(["connected", "connected", "connected", "too_many_connections", "too_many_connections"]);
    expect(await sockets.handshake(users.client2, "198.51.100.20")).toBe("connected");
    sockets.closeAll();
    await expect.poll(async () => (await users.client.get("/api/realtime/connection-status")).body.sockets).toBe(0);
    expect(await sockets.handshake(users.client, "198.51.100.21")).toBe("connected");
  });

  it("a user opening sockets in a loop spends their own budget (rate_limited, with a wait), not another user's", async () => {
    const { users } = ctx;
    const outcomes = [];
    for (let i = 0; i < 10; i++) {
      outcomes.push(await sockets.handshake(users.provider, `198.51.100.${30 + i}`));
      sockets.closeAll();
    }
    expect(outcomes.slice(0, 6)).toEqual(Array(6).fill("connected"));
    expect(outcomes.slice(6)).toEqual(Array(4).fill("rate_limited"));
    expect(await sockets.handshake(users.provider2, "198.51.100.40")).toBe("connected");
  });

  it("one address spends its own budget, whoever signs in from it; other addresses connect", async () => {
    const { users } = ctx;
    const people = [users.admin, users.staff, users.client2];
    const outcomes = [];
    for (let i = 0; i < 9; i++) {
      outcomes.push(await sockets.handshake(people[i % 3], "203.0.113.9"));
      sockets.closeAll();
    }
    expect(outcomes.filter((o) => o === "connected")).toHaveLength(8);
    expect(outcomes.at(-1)).toBe("rate_limited");
    expect(await sockets.handshake(users.staff, "203.0.113.10")).toBe("connected");
  });
});

describe("HTTP: a budget per user, and per address before sign-in", () => {
  const ctx = useServer("sqlite", { TRUST_PROXY: "1", HTTP_REQUESTS_PER_USER_PER_MINUTE: "20", HTTP_REQUESTS_PER_ADDRESS_PER_MINUTE: "10" });

  it("the 21st request of a minute is 429 RATE_LIMITED with Retry-After, from any address; another user is served", async () => {
    const { users } = ctx;
    const replies = await Promise.all(Array.from({ length: 25 }, (_, i) => from(users.provider, `198.51.100.${i}`).get("/api/bookings")));
    expect(replies.filter((r) => r.status === 200)).toHaveLength(20);
    const refused = replies.filter((r) => r.status !== 200);
    expect(refused.map((r) => r.status)).toEqual(Array(5).fill(429));
    expect(refused[0].body.error.code).toBe("RATE_LIMITED");
    const raw = await fetch(`${ctx.server.url}/api/bookings`, { headers: { authorization: `Bearer ${users.provider.token}` } });
    expect(raw.status).toBe(429);
    expect(Number(raw.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await users.provider2.get("/api/bookings")).status).toBe(200);
  });

  it("sign-in attempts and requests without identity spend the address's budget; other addresses sign in", async () => {
    const { server } = ctx;
    const anonymous = new ApiClient(server);
    const token = (address: string, password = "wrong-password") =>
      anonymous.request("POST", "/api/token", { email: "client@demo.test", password }, { "x-forwarded-for": address });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await token("192.0.2.1")).status);
    for (let i = 0; i < 6; i++) statuses.push((await from(anonymous, "192.0.2.1").get("/api/bookings")).status);
    expect(statuses.slice(0, 10).every((s) => s === 401 || s === 429)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect((await token("192.0.2.2", DEMO_PASSWORD)).status).toBe(200);
  });
});

describe("fairness: one user floods handshakes, requests and bookings while another goes about their day", () => {
  const ctx = useServer("sqlite", {
    // Two of the service's four units: the rest stay for others.
    MAX_OPEN_BOOKINGS_PER_CLIENT: "2",
    HTTP_REQUESTS_PER_USER_PER_MINUTE: "100",
    REALTIME_MAX_SOCKETS_PER_USER: "20",
    REALTIME_HANDSHAKES_PER_USER_PER_MINUTE: "60",
    // Below what the flood sends, as in production a flood can be above what a node admits.
    REALTIME_CONNECTIONS_PER_SECOND: "40",
  });
  const flood = socketJar(() => ctx.server);
  const normal = socketJar(() => ctx.server);

  it("the other user connects every time, books and is answered", async () => {
    const { users } = ctx;
    const service = await serviceOf(users, "provider2");
    // For 3 seconds, every 100 ms: 15 handshakes, 30 requests and 2 bookings, all by one client.
    const flooding = (async () => {
      const outcomes: { handshakes: string[]; requests: number[]; bookings: number[] } = { handshakes: [], requests: [], bookings: [] };
      // At least past the request budget, however slowly a busy machine answers.
      for (const end = Date.now() + 3000; Date.now() < end || outcomes.requests.length <= 150; ) {
        const tick = pause(100);
        const [handshakes, requests, bookings] = await Promise.all([
          Promise.all(Array.from({ length: 15 }, () => flood.handshake(users.client, "127.0.0.1"))),
          Promise.all(Array.from({ length: 30 }, () => users.client.get("/api/bookings").then((r) => r.status))),
          Promise.all(Array.from({ length: 2 }, () => users.client.post("/api/bookings", { serviceId: service.id, scheduledAt: future(72) }).then((r) => r.status))),
        ]);
        outcomes.handshakes.push(...handshakes);
        outcomes.requests.push(...requests);
        outcomes.bookings.push(...bookings);
        await tick;
      }
      return outcomes;
    })();

    // Meanwhile the other user connects ten times, a few times a second.
    const attempts = [];
    for (let i = 0; i < 10; i++) {
      const tick = pause(250);
      attempts.push(await normal.handshake(users.client2, "127.0.0.1"));
      await tick;
    }
    const booked = await users.client2.post("/api/bookings", { serviceId: service.id, scheduledAt: future(72) });
    const listed = await users.client2.get("/api/bookings");
    const flooded = await flooding;

    expect(attempts).toEqual(Array(10).fill("connected"));
    expect(booked.status).toBe(201);
    expect(listed.status).toBe(200);
    // The flood was held to its own budgets: 20 sockets, 100 requests, 2 open bookings.
    expect(flooded.handshakes.filter((h) => h === "connected")).toHaveLength(20);
    expect(flooded.requests.filter((status) => status === 200).length).toBeLessThanOrEqual(100);
    expect(flooded.bookings.filter((status) => status === 201).length).toBeLessThanOrEqual(2);
    expect(new Set([...flooded.requests, ...flooded.bookings])).toContain(429);
  });
});
