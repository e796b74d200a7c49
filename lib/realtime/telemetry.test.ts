import { afterEach, describe, expect, it, vi } from "vitest";
import { LastMinute } from "./last-minute";
import { summarizeWindows, Telemetry, type Transports } from "./telemetry";

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
    const lastMinute = new LastMinute();
    const published = (now: number) => lastMinute.read(now).published;
    const start = 1_000_000_000;
    for (let i = 0; i < 3; i++) lastMinute.count(start);
    lastMinute.count(start + 30_500);
    expect(published(start + 30_999)).toBe(4);
    expect(published(start + 59_999), "the first second is still in the window").toBe(4);
    expect(published(start + 60_000), "the first second has left it").toBe(1);
    lastMinute.count(start + 61_000);
    expect(published(start + 61_000)).toBe(2);
    expect(published(start + 10 * 60_000), "after a long quiet spell").toBe(0);
    lastMinute.count(start + 10 * 60_000);
    expect(published(start + 10 * 60_000)).toBe(1);
  });

  it("keeps the newest 5,000 latency samples of the minute, however many came", () => {
    const lastMinute = new LastMinute();
    const start = 1_000_000_000;
    for (let i = 0; i < 6000; i++) lastMinute.sample("latenciesMs", i, start + Math.floor(i / 100) * 1000);
    const { latenciesMs } = lastMinute.read(start + 59_000);
    expect(latenciesMs).toHaveLength(5000);
    expect(latenciesMs[0]).toBe(1000);
    expect(lastMinute.read(start + 70_000).latenciesMs[0], "eleven seconds later the second that held the oldest has left").toBe(1100);
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
