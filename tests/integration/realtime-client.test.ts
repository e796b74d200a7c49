import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Envelope } from "../../lib/realtime/protocol";
import type { ApiClient } from "./support/api";
import { pendingBooking, useServer } from "./support/fixtures";
import { startProxy, type ProxyMode, type TestProxy } from "./support/proxy";
import { latestEventId, metricValue, realtimeClientFor, serverConnections, triggerAsService, whenStatus, type TriggerBody } from "./support/sockets";

/**
 * The dashboards' client (lib/realtime/client/) against the real server, through a proxy
 * the test steers, when its connection drops and comes back: it joins its rooms again,
 * catches up on what it missed before it shows what arrives live, and keeps what it sends
 * on reconnecting within the server's per-socket rate limit.
 */

/** Low enough that a reconnection's burst of events meets it. */
const EVENTS_PER_SECOND = 5;
/** Fast reconnection, and no polling unless the proxy lets HTTP through while it refuses WebSockets. */
const CLIENT_OPTIONS = { reconnectDelayMs: 50, reconnectDelayMaxMs: 500, attemptsBeforePolling: 1_000_000 };

type Watcher = Awaited<ReturnType<typeof realtimeClientFor>>;

/** The durable ids of one event type a client's listeners were given, in order. */
const idsOf = (watcher: Watcher, type: string) => watcher.received.filter((e) => e.type === type).map((e) => e.eventId);

describe("the browser's realtime client when its connection comes back", () => {
  // No session recovery: every reconnection is a new socket that must join its rooms and catch up.
  const ctx = useServer("sqlite", { REALTIME_RECOVERY_MS: "0", REALTIME_EVENTS_PER_SECOND: String(EVENTS_PER_SECOND) });
  let proxy: TestProxy;
  const watchers: Watcher[] = [];
  beforeAll(async () => {
    proxy = await startProxy(ctx.server);
    // A page's cursor of 0 means "from now" to the client: give the log an event, as any real one has.
    await triggerAsService(ctx.server, { event: "test:first", to: { roles: ["CLIENT"] } });
  });
  afterEach(() => {
    for (const watcher of watchers.splice(0)) watcher.stop();
    proxy.setMode("open");
  });
  afterAll(() => proxy?.stop());

  /** A live client for the user, through the proxy, whose page showed everything so far. */
  async function watch(user: ApiClient): Promise<Watcher> {
    const watcher = await realtimeClientFor(user, { url: proxy.url, initialCursor: await latestEventId(ctx.server), ...CLIENT_OPTIONS });
    watchers.push(watcher);
    return watcher;
  }

  /** Drops the client's socket and keeps it from coming back until `proxy.setMode("open")`. */
  async function goAway(watcher: Watcher, mode: Exclude<ProxyMode, "open"> = "down"): Promise<void> {
    proxy.setMode(mode);
    proxy.cut();
    await whenStatus(watcher.realtime, mode === "down" ? "offline" : "polling");
    await expect.poll(() => serverConnections(ctx.server), { timeout: 10_000, message: "the server saw the drop" }).toBe(0);
  }

  /** Sends a durable event; `delivered` says how many sockets had it live. */
  const send = (event: string, to: TriggerBody["to"]) => triggerAsService(ctx.server, { event, data: {}, to });

  /**
   * Resolves once the client has received a volatile marker, which it shows at once, even
   * while it holds durable events back: whatever the server sent its socket before is in.
   */
  async function markerReached(watcher: Watcher, to: TriggerBody["to"]): Promise<void> {
    const marker = randomUUID();
    await triggerAsService(ctx.server, { event: "test:marker", data: { marker }, to, durable: false });
    const isMarker = (e: Envelope) => e.type === "test:marker" && (e.data as { marker: string }).marker === marker;
    await expect.poll(() => watcher.received.some(isMarker), { timeout: 10_000 }).toBe(true);
  }

  it("fills the gap a polling round left before it shows what arrived live, when the WebSocket comes back during the round", async () => {
    const { users } = ctx;
    const to = { users: [users.client.user!.id] };
    const watcher = await watch(users.client);
    const round = proxy.holdPolling();
    await goAway(watcher, "websockets-blocked"); // HTTP passes, so it polls at once
    await round.answered; // the round has read the log; the client has not had its answer yet

    const missed = await send("test:gap", to);
    expect(missed.delivered, "published after the round's read, with no socket to take it").toBe(0);
    proxy.setMode("open");
    await whenStatus(watcher.realtime, "live");
    const live = await send("test:gap", to);
    expect(live.delivered, "the new socket has it").toBe(1);
    await markerReached(watcher, to); // the live one is in the client, held back behind the catch-up
    round.release();

    await expect.poll(() => idsOf(watcher, "test:gap"), { timeout: 10_000 }).toEqual([missed.eventId, live.eventId]);
  });

  it("joins its rooms again before it catches up, so what was sent to a room while it was away arrives", async () => {
    const { users } = ctx;
    const room = `service:${(await users.client.get("/api/services")).body.services[0].id}`;
    const watcher = await watch(users.client);
    expect(await watcher.realtime.subscribe(room)).toEqual({ ok: true, room });
    await goAway(watcher);

    const missed = await send("test:room", { rooms: [room] });
    expect(missed.delivered).toBe(0);
    proxy.setMode("open");

    await expect.poll(() => idsOf(watcher, "test:room"), { timeout: 10_000 }).toEqual([missed.eventId]);
  });

  it("asks again for the rooms the server turned away as too many at once, and catches up on them", async () => {
    const { server, users } = ctx;
    const services: { id: string }[] = (await users.admin.get("/api/services")).body.services;
    const bookings = [];
    for (let i = 0; i < 6; i++) bookings.push(await pendingBooking(users, i % 2 ? "client" : "client2"));
    // Rooms only a subscription brings to an admin: nothing sent to them is addressed to the admin otherwise.
    const rooms = [
      ...[users.provider, users.provider2].map((p) => `provider:${p.user!.id}`),
      ...services.map((s) => `service:${s.id}`),
      ...bookings.map((b) => `booking:${b.id}`),
    ];
    // More than two seconds' worth: the limit counts in one-second windows, and a burst that a
    // window's end splits in two still meets it.
    expect(rooms.length, "more rooms than the server takes in two seconds").toBeGreaterThan(2 * EVENTS_PER_SECOND);
    const watcher = await watch(users.admin);
    await goAway(watcher);
    // Wanted while offline: joined in one burst when it is back, as after any reconnection.
    for (const room of rooms) await watcher.realtime.subscribe(room);
    const sent: (number | null)[] = [];
    for (const room of rooms) sent.push((await send("test:room", { rooms: [room] })).eventId);
    const refusedBefore = await metricValue(server, "switchboard_realtime_errors_total", 'code="RATE_LIMITED"');
    proxy.setMode("open");

    await expect.poll(() => idsOf(watcher, "test:room"), { timeout: 20_000 }).toEqual(sent);
    expect(await metricValue(server, "switchboard_realtime_errors_total", 'code="RATE_LIMITED"'), "some were turned away").toBeGreaterThan(refusedBefore);
  });

  it("sends the reports it kept while offline after its catch-up, every one, without crowding out its sync", async () => {
    const { server, users } = ctx;
    const watcher = await watch(users.client2);
    await goAway(watcher);
    const paths = Array.from({ length: 20 }, (_, i) => `/client/while-away-${i}`);
    for (const path of paths) {
      expect(await watcher.realtime.report({ kind: "page-view", path })).toMatchObject({ ok: false, error: { code: "OFFLINE" } });
    }
    const missed = await send("test:gap", { users: [users.client2.user!.id] });
    const syncsBefore = await metricValue(server, "switchboard_client_events_total", 'event="sync"');
    proxy.setMode("open");

    await expect.poll(() => idsOf(watcher, "test:gap"), { timeout: 10_000 }).toEqual([missed.eventId]);
    const stored = () =>
      server.query<{ path: string }>(`SELECT path FROM "UserActivity" WHERE "userId" = $1 AND path LIKE '/client/while-away-%' ORDER BY id`, [
        users.client2.user!.id,
      ]);
    await expect.poll(async () => (await stored()).map((row) => row.path), { timeout: 20_000 }).toEqual(paths);
    expect(await metricValue(server, "switchboard_client_events_total", 'event="sync"'), "one sync, not refused and asked again").toBe(
      syncsBefore + 1,
    );
  });

  it("while it polls, it gets the events of the rooms it subscribed to, not only those addressed to its user", async () => {
    const { users } = ctx;
    const booking = await pendingBooking(users);
    const watcher = await realtimeClientFor(users.staff, {
      url: proxy.url,
      initialCursor: await latestEventId(ctx.server),
      ...CLIENT_OPTIONS,
      pollIntervalMs: 500,
    });
    watchers.push(watcher);
    expect(await watcher.realtime.subscribe(`booking:${booking.id}`)).toMatchObject({ ok: true });
    await goAway(watcher, "websockets-blocked");

    const inRoom = await send("test:watched", { rooms: [`booking:${booking.id}`] });
    await expect.poll(() => idsOf(watcher, "test:watched"), { timeout: 10_000, message: "a poll brought the room's event" }).toEqual([inRoom.eventId]);
    expect(watcher.realtime.status).toBe("polling");
  });
});
