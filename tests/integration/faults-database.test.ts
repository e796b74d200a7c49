import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { future, signInDemoUsers, type DemoUsers, type Reply } from "./support/api";
import { serviceOf } from "./support/fixtures";
import { startOwnPostgres, type OwnPostgres } from "./support/own-postgres";
import { startServer, type TestServer } from "./support/server";
import { ask, connectAs, type TestSocket } from "./support/sockets";

/**
 * Fault: PostgreSQL goes away under load (stopped at once, as a crash or a lost host would)
 * and comes back. Meanwhile the API answers 503 DB_UNAVAILABLE with Retry-After, sockets stay
 * connected and their acks say DB_UNAVAILABLE, nothing is half-written, and everything works
 * again once the database returns. The PostgreSQL stopped here is the test's own.
 * docs/resilience.md lists this test.
 */

type Step = { step: string; status: number; code?: string };

/** What the load saw: every answer, in order, and the bookings it created. */
class Load {
  readonly steps: Step[] = [];
  readonly created = new Set<string>();
  private running = true;
  private readonly loops: Promise<void>[];

  constructor(users: DemoUsers, serviceId: string, loops: number) {
    this.loops = Array.from({ length: loops }, () => this.loop(users, serviceId));
  }

  /**
   * Client books, provider accepts, client cancels (freeing the unit), over and over. A step
   * answered 503 is asked again, as a caller told Retry-After would, so every booking finishes
   * its round and gives its unit back.
   */
  private async loop(users: DemoUsers, serviceId: string) {
    while (this.running) {
      const created = await this.call("create", () => users.client.post("/api/bookings", { serviceId, scheduledAt: future() }));
      if (created.status !== 201) continue;
      const id: string = created.body.booking.id;
      this.created.add(id);
      while ((await this.call("accept", () => users.provider.post(`/api/bookings/${id}/accept`))).status === 503);
      while ((await this.call("cancel", () => users.client.post(`/api/bookings/${id}/cancel`))).status === 503);
    }
  }

  private async call(step: string, request: () => Promise<Reply>) {
    const reply = await request();
    this.steps.push({ step, status: reply.status, code: reply.body?.error?.code });
    // Back off a little on 503 (a real caller waits Retry-After), which also keeps the loop from spinning.
    if (reply.status === 503) await new Promise((resolve) => setTimeout(resolve, 100));
    return reply;
  }

  count(status: number, since = 0) {
    return this.steps.slice(since).filter((s) => s.status === status).length;
  }

  async stop() {
    this.running = false;
    await Promise.all(this.loops);
  }
}

describe("PostgreSQL stopped and started under load", () => {
  let postgres: OwnPostgres;
  let server: TestServer;
  let users: DemoUsers;

  beforeAll(async () => {
    postgres = await startOwnPostgres();
    server = await startServer("postgres", {}, { postgresAdminUrl: postgres.adminUrl });
    users = await signInDemoUsers(server);
  });
  afterAll(async () => {
    await server?.stop();
    await postgres?.destroy();
  });

  it(
    "answers 503 with a code while it is away, keeps sockets, half-writes nothing, and recovers",
    async () => {
      const service = await serviceOf(users);
      const sockets: TestSocket[] = [];
      const disconnects: string[] = [];
      for (const user of [users.client, users.provider]) {
        const { socket } = await connectAs(user);
        socket.on("disconnect", (reason) => disconnects.push(reason));
        sockets.push(socket);
      }
      // As many loops as the service has units, so each booking can be made.
      const load = new Load(users, service.id, service.capacity);
      try {
        await expect.poll(() => load.count(201), { timeout: 20_000, message: "bookings are made before the fault" }).toBeGreaterThan(5);

        await postgres.stop();
        const outageStart = load.steps.length;
        await expect.poll(() => load.count(503, outageStart), { timeout: 20_000, message: "the load gets 503s" }).toBeGreaterThan(3);

        const services = await users.client.request("GET", "/api/services");
        expect(services.status).toBe(503);
        expect(services.body.error.code).toBe("DB_UNAVAILABLE");
        const raw = await fetch(`${server.url}/api/services`, { headers: { authorization: `Bearer ${users.client.token}` } });
        expect(raw.status).toBe(503);
        expect(Number(raw.headers.get("retry-after")), "503 says when to retry").toBeGreaterThan(0);
        expect((await users.anonymous.get("/api/health")).status).toBe(503);

        for (const socket of sockets) {
          expect(socket.connected, "sockets stay connected while the database is away").toBe(true);
          const ack = await ask(socket, "availability:get", {});
          expect(ack).toMatchObject({ ok: false, error: { code: "DB_UNAVAILABLE" } });
        }

        await postgres.start();
        const recoveryStart = load.steps.length;
        await expect.poll(async () => (await users.anonymous.get("/api/health")).status, { timeout: 30_000 }).toBe(200);
        await expect
          .poll(() => load.count(201, recoveryStart), { timeout: 30_000, message: "bookings are made again after the fault" })
          .toBeGreaterThan(3);
      } finally {
        await load.stop();
      }

      // The answers: success, a legal conflict, or 503 with its code; never a 500.
      const unexpected = load.steps.filter((s) => ![200, 201, 409, 503].includes(s.status) || (s.status === 503 && s.code !== "DB_UNAVAILABLE"));
      expect(unexpected, "every answer is a success, a 409 or 503 DB_UNAVAILABLE").toEqual([]);

      // The sockets lived through it, and answer again.
      expect(disconnects, "no socket was dropped").toEqual([]);
      for (const socket of sockets) {
        expect(await ask(socket, "availability:get", { serviceId: service.id })).toMatchObject({ ok: true });
        socket.disconnect();
      }
      expect(server.running(), "the server process kept running").toBe(true);
      expect(server.logs(), "no error escaped a request").not.toMatch(/"code":"(UNCAUGHT_EXCEPTION|UNHANDLED_REJECTION|UNHANDLED_ROUTE_ERROR)"/);

      // Nothing half-written: every booking the API acknowledged exists, and each booking's
      // state changes come with their events, every event with its booking, every inbox row with its event.
      const bookings = await server.query<{ id: string; status: string }>(`SELECT id, status FROM "Booking"`);
      const statusOf = new Map(bookings.map((b) => [b.id, b.status]));
      for (const id of load.created) expect(statusOf.has(id), `acknowledged booking ${id} exists`).toBe(true);

      const events = await server.query<{ type: string; payload: string }>(`SELECT type, payload FROM "Event" ORDER BY id`);
      const actionsOf = new Map<string, string[]>();
      const notified = new Set<string>();
      for (const event of events) {
        const data = JSON.parse(event.payload);
        if (event.type === "booking:updated") actionsOf.set(data.booking.id, [...(actionsOf.get(data.booking.id) ?? []), data.action]);
        if (event.type === "notification:new") notified.add(data.notification.id);
      }
      /** The events each end state is reached by, in order. */
      const histories: Record<string, string[][]> = {
        PENDING: [["created"]],
        CONFIRMED: [["created", "accepted"]],
        CANCELLED: [["created", "accepted", "cancelled"], ["created", "cancelled"]],
      };
      for (const [id, status] of statusOf) {
        expect(histories[status], `booking ${id} is ${status}: its events`).toContainEqual(actionsOf.get(id) ?? []);
      }
      const orphans = [...actionsOf.keys()].filter((id) => !statusOf.has(id));
      expect(orphans, "events about bookings that do not exist").toEqual([]);
      const notifications = await server.query<{ id: string }>(`SELECT id FROM "Notification"`);
      const inbox = new Set(notifications.map((n) => n.id));
      expect([...inbox].filter((id) => !notified.has(id)), "inbox rows without their event").toEqual([]);
      expect([...notified].filter((id) => !inbox.has(id)), "events without their inbox row").toEqual([]);
    },
    150_000,
  );
});
