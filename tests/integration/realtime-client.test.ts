import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Envelope } from "../../lib/domain/events";
import type { ApiClient } from "./support/api";
import { useServer } from "./support/fixtures";
import { startProxy, type ProxyMode, type TestProxy } from "./support/proxy";
import { latestEventId, metricValue, realtimeClientFor, triggerAsService, whenStatus, type TriggerBody } from "./support/sockets";

/**
 * The dashboards' client (lib/realtime/client.ts) against the real server, through a proxy
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
});
