import client from "prom-client";

/**
 * What the realtime server counts: Prometheus metrics for /api/metrics, and the rolling
 * figures of the Stats object (events per minute, delivery latency percentiles). One
 * instance per process, owned by the realtime server.
 */

const WINDOW_MS = 60_000;
const MAX_LATENCY_SAMPLES = 5000;

export type TelemetryWindow = { published: number; latenciesMs: number[] };

/** Events published in the last minute, and delivery latency percentiles over it, across the given nodes' windows. */
export function summarizeWindows(windows: TelemetryWindow[]): { eventsPerMinute: number; deliveryLatencyMs: { p50: number; p95: number; p99: number } } {
  const sorted = windows.flatMap((w) => w.latenciesMs).sort((a, b) => a - b);
  const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0);
  const eventsPerMinute = windows.reduce((sum, w) => sum + w.published, 0);
  return { eventsPerMinute, deliveryLatencyMs: { p50: pct(50), p95: pct(95), p99: pct(99) } };
}

export type ConnectionCounts = { byRole: Record<string, number>; transports: Record<string, number> };

export class Telemetry {
  readonly registry = new client.Registry();
  private readonly publishedAt: number[] = [];
  private readonly latencies: { at: number; ms: number }[] = [];

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

  constructor(countConnections: () => ConnectionCounts) {
    client.collectDefaultMetrics({ register: this.registry, prefix: "switchboard_" });
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
  }

  published(type: string, committedAt: string | null): void {
    const now = Date.now();
    this.events.inc({ type, durable: committedAt ? "true" : "false" });
    // The stats push itself is not activity worth counting in the stats.
    if (type !== "stats:updated") this.publishedAt.push(now);
    if (committedAt) {
      const ms = Math.max(0, now - Date.parse(committedAt));
      this.latency.observe(ms / 1000);
      this.latencies.push({ at: now, ms });
      if (this.latencies.length > MAX_LATENCY_SAMPLES) this.latencies.shift();
    }
    this.prune(now);
  }

  error(code: string): void {
    this.errors.inc({ code });
  }

  clientEvent(event: string): void {
    this.clientEvents.inc({ event });
  }

  private prune(now: number): void {
    while (this.publishedAt.length && this.publishedAt[0] < now - WINDOW_MS) this.publishedAt.shift();
    while (this.latencies.length && this.latencies[0].at < now - WINDOW_MS) this.latencies.shift();
  }

  /** What this node published in the last minute, to summarize alone or merged with other nodes'. */
  window(): TelemetryWindow {
    this.prune(Date.now());
    return { published: this.publishedAt.length, latenciesMs: this.latencies.map((l) => l.ms) };
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
