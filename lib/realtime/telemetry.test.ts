import { afterEach, describe, expect, it, vi } from "vitest";
import { Telemetry } from "./telemetry";

const noSockets = () => ({ byRole: {}, transports: { websocket: 0, polling: 0 } });

describe("browsers' connection metrics in the stats", () => {
  afterEach(() => vi.useRealTimers());

  it("is all zeros before any report, with no clients", () => {
    expect(new Telemetry(noSockets).clientMetrics({ websocket: 0, polling: 0 })).toEqual({
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
    const now = telemetry.clientMetrics({ websocket: 3, polling: 0 });
    expect(now).toMatchObject({ reports: 100, reconnectsPerMinute: 3, transportChangesPerMinute: 100, pollingRoundsPerMinute: 200 });
    expect(now.connectMs).toEqual({ p50: 510, p95: 960, p99: 1000 });

    vi.advanceTimersByTime(60_001);
    expect(telemetry.clientMetrics({ websocket: 3, polling: 0 })).toMatchObject({ reports: 0, reconnectsPerMinute: 0 });
  });

  it("counts Socket.IO polling sockets and recent users of the polling route as clients on polling", () => {
    vi.useFakeTimers();
    const telemetry = new Telemetry(noSockets);
    telemetry.httpPoll("user-a");
    telemetry.httpPoll("user-a"); // one user, however often they poll
    expect(telemetry.clientMetrics({ websocket: 2, polling: 1 })).toMatchObject({ pollingClients: 2, totalClients: 4, pollingShare: 0.5 });

    vi.advanceTimersByTime(30_001);
    expect(telemetry.clientMetrics({ websocket: 2, polling: 1 })).toMatchObject({ pollingClients: 1, totalClients: 3, pollingShare: 0.333 });
  });
});
