import { afterEach, describe, expect, it, vi } from "vitest";
import { MinuteCounter, summarizeWindows, Telemetry, type Transports } from "./telemetry";

const noSockets = () => ({ byRole: {}, transports: { websocket: 0, polling: 0 } });
const clientMetrics = (telemetry: Telemetry, transports: Transports) => summarizeWindows([telemetry.window()], transports).clients;

describe("browsers' connection metrics in the stats", () => {
  afterEach(() => vi.useRealTimers());

  it("is all zeros before any report, with no clients", () => {
    expect(clientMetrics(new Telemetry(noSockets), { websocket: 0, polling: 0 })).toEqual({
      reports: 0,
      connectMs: { p50: 0, p95: 0, p99: 0 },
      reconnectsPerMinute: 0,
      transportChangesPerMinute: 0,
      pollingRoundsPerMinute: 0,
      pollingClients: 0,
      totalClients: 0,
      pollingShare: 0,
    });
  });

  it("sums the last minute's reports and takes percentiles of their connect times, then forgets them", () => {
    vi.useFakeTimers();
    const telemetry = new Telemetry(noSockets);
    for (let i = 1; i <= 100; i++) telemetry.clientReport({ connectMs: i * 10, reconnectAttempts: i === 1 ? 3 : 0, transportChanges: 1, pollingRounds: 2 });
    const now = clientMetrics(telemetry, { websocket: 3, polling: 0 });
    expect(now).toMatchObject({ reports: 100, reconnectsPerMinute: 3, transportChangesPerMinute: 100, pollingRoundsPerMinute: 200 });
    expect(now.connectMs).toEqual({ p50: 510, p95: 960, p99: 1000 });

    vi.advanceTimersByTime(60_001);
    expect(clientMetrics(telemetry, { websocket: 3, polling: 0 })).toMatchObject({ reports: 0, reconnectsPerMinute: 0 });
  });

  it("counts Socket.IO polling sockets and recent users of the polling route as clients on polling", () => {
    vi.useFakeTimers();
    const telemetry = new Telemetry(noSockets);
    telemetry.httpPoll("user-a");
    telemetry.httpPoll("user-a"); // one user, however often they poll
    expect(clientMetrics(telemetry, { websocket: 2, polling: 1 })).toMatchObject({ pollingClients: 2, totalClients: 4, pollingShare: 0.5 });

    vi.advanceTimersByTime(30_001);
    expect(clientMetrics(telemetry, { websocket: 2, polling: 1 })).toMatchObject({ pollingClients: 1, totalClients: 3, pollingShare: 0.333 });
  });
});

describe("events per minute", () => {
  afterEach(() => vi.useRealTimers());

  it("counts what was added in the last 60 seconds, second by second, and forgets the rest", () => {
    const counter = new MinuteCounter();
    const start = 1_000_000_000;
    for (let i = 0; i < 3; i++) counter.add(start);
    counter.add(start + 30_500);
    expect(counter.total(start + 30_999)).toBe(4);
    expect(counter.total(start + 59_999), "the first second is still in the window").toBe(4);
    expect(counter.total(start + 60_000), "the first second has left it").toBe(1);
    counter.add(start + 61_000);
    expect(counter.total(start + 61_000)).toBe(2);
    expect(counter.total(start + 10 * 60_000), "after a long quiet spell").toBe(0);
    counter.add(start + 10 * 60_000);
    expect(counter.total(start + 10 * 60_000)).toBe(1);
  });

  it("feeds the stats: published events, stats pushes left out", () => {
    vi.useFakeTimers();
    const telemetry = new Telemetry(noSockets);
    for (let i = 0; i < 5; i++) telemetry.published("booking:updated", new Date().toISOString());
    telemetry.published("presence:updated", null);
    telemetry.published("stats:updated", null);
    expect(telemetry.window().published).toBe(6);
    vi.advanceTimersByTime(60_001);
    expect(telemetry.window().published).toBe(0);
  });
});
