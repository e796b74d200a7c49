import client from "prom-client";
import { LastMinute, type ClientReport, type TelemetryWindow } from "./last-minute";
import type { ClientMetrics, Percentiles } from "./protocol";

export type { TelemetryWindow };

/**
 * What the realtime server counts: Prometheus metrics for /api/metrics (since the start),
 * and the last minute behind the Stats object's rolling figures (events per minute,
 * delivery latency percentiles, and what browsers report about their connections), each
 * observation recorded in both here. One instance per process, owned by the realtime server.
 */

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0);
  return { p50: pct(50), p95: pct(95), p99: pct(99) };
}

/**
 * prom-client's default metrics that walk every handle or file descriptor of the process
 * on each scrape, which with thousands of sockets holds the event loop for tens of
 * milliseconds (docs/performance.md). Connections are counted by `switchboard_connections`.
 */
const COSTLY_DEFAULT_METRICS = ["nodejs_active_handles", "nodejs_active_handles_total", "nodejs_active_resources", "nodejs_active_resources_total", "process_open_fds"];

/**
 * The rolling figures of the Stats object across the given nodes' windows: events per
 * minute, delivery latency percentiles, and the browsers' connection metrics, with
 * `transports` the sockets those nodes hold.
 */
export function summarizeWindows(windows: TelemetryWindow[], transports: Transports) {
  const reports = windows.flatMap((w) => w.clientReports);
  const sum = (key: "reconnectAttempts" | "transportChanges" | "pollingRounds") => reports.reduce((total, r) => total + r[key], 0);
  const pollingClients = transports.polling + new Set(windows.flatMap((w) => w.httpPollers)).size;
  const totalClients = transports.websocket + pollingClients;
  const clients: ClientMetrics = {
    reports: reports.length,
    connectMs: percentiles(reports.map((r) => r.connectMs)),
    reconnectsPerMinute: sum("reconnectAttempts"),
    transportChangesPerMinute: sum("transportChanges"),
    pollingRoundsPerMinute: sum("pollingRounds"),
    pollingClients,
    totalClients,
    pollingShare: totalClients ? Math.round((pollingClients / totalClients) * 1000) / 1000 : 0,
  };
  return {
    eventsPerMinute: windows.reduce((total, w) => total + w.published, 0),
    deliveryLatencyMs: percentiles(windows.flatMap((w) => w.latenciesMs)),
    clients,
  };
}

export type Transports = { websocket: number; polling: number };
export type ConnectionCounts = { byRole: Record<string, number>; transports: Transports };

export class Telemetry {
  readonly registry = new client.Registry();
  private readonly lastMinute = new LastMinute();

  private readonly events = new client.Counter({
    name: "switchboard_events_published_total",
    help: "Events published to sockets, by type and durability",
    labelNames: ["type", "durable"] as const,
    registers: [this.registry],
  });
  private readonly latency = new client.Histogram({
    name: "switchboard_event_delivery_latency_seconds",
    help: "From a durable event's commit to its broadcast",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly errors = new client.Counter({
    name: "switchboard_realtime_errors_total",
    help: "Refused handshakes and failed or refused client events, by code",
    labelNames: ["code"] as const,
    registers: [this.registry],
  });
  private readonly clientEvents = new client.Counter({
    name: "switchboard_client_events_total",
    help: "Client-to-server events received, by event",
    labelNames: ["event"] as const,
    registers: [this.registry],
  });

  private readonly clientConnect = new client.Histogram({
    name: "switchboard_client_connect_seconds",
    help: "Time browsers took to connect, from starting to the server's `connected` (reported by them)",
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly clientReconnects = new client.Counter({
    name: "switchboard_client_reconnect_attempts_total",
    help: "Reconnection attempts browsers reported",
    registers: [this.registry],
  });
  private readonly clientTransportChanges = new client.Counter({
    name: "switchboard_client_transport_changes_total",
    help: "Switches between WebSocket and HTTP polling that browsers reported",
    registers: [this.registry],
  });
  private readonly clientPollingRounds = new client.Counter({
    name: "switchboard_client_polling_rounds_total",
    help: "HTTP polling rounds browsers reported",
    registers: [this.registry],
  });

  constructor(countConnections: () => ConnectionCounts) {
    client.collectDefaultMetrics({ register: this.registry, prefix: "switchboard_" });
    for (const name of COSTLY_DEFAULT_METRICS) this.registry.removeSingleMetric(`switchboard_${name}`);
    new client.Gauge({
      name: "switchboard_connections",
      help: "Connected sockets, by role and transport",
      labelNames: ["role", "transport"] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        const { byRole, transports } = countConnections();
        for (const [role, n] of Object.entries(byRole)) this.set({ role, transport: "all" }, n);
        for (const [transport, n] of Object.entries(transports)) this.set({ role: "all", transport }, n);
      },
    });
    const telemetry = this;
    new client.Gauge({
      name: "switchboard_clients_polling_share",
      help: "Share (0..1) of clients on long-polling: Socket.IO polling, or the HTTP polling route in the last 30 s",
      registers: [this.registry],
      collect() {
        this.set(summarizeWindows([telemetry.window()], countConnections().transports).clients.pollingShare);
      },
    });
  }

  published(type: string, committedAt: string | null): void {
    const now = Date.now();
    this.events.inc({ type, durable: committedAt ? "true" : "false" });
    // The stats push itself is not activity worth counting in the stats.
    if (type !== "stats:updated") this.lastMinute.count(now);
    if (committedAt) {
      const ms = Math.max(0, now - Date.parse(committedAt));
      this.latency.observe(ms / 1000);
      this.lastMinute.sample("latenciesMs", ms, now);
    }
  }

  error(code: string): void {
    this.errors.inc({ code });
  }

  clientEvent(event: string): void {
    this.clientEvents.inc({ event });
  }

  /** A browser's `metrics:report`, sent after each (re)connection. */
  clientReport(report: ClientReport): void {
    this.clientConnect.observe(report.connectMs / 1000);
    this.clientReconnects.inc(report.reconnectAttempts);
    this.clientTransportChanges.inc(report.transportChanges);
    this.clientPollingRounds.inc(report.pollingRounds);
    this.lastMinute.sample("clientReports", report, Date.now());
  }

  /** A user read events over the HTTP polling route (a browser whose WebSocket is down). */
  httpPoll(userId: string): void {
    this.lastMinute.httpPoll(userId, Date.now());
  }

  /** This node's last minute, to summarize alone or merged with other nodes'. */
  window(): TelemetryWindow {
    return this.lastMinute.read(Date.now());
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
