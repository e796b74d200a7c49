import type { ClientEventPayload } from "./protocol";

export type ClientReport = ClientEventPayload<"metrics:report">;

/** One node's last minute: what it published, and what its browsers reported. */
export type TelemetryWindow = {
  published: number;
  latenciesMs: number[];
  clientReports: ClientReport[];
  /** Users who read the HTTP polling route here in the last 30 s. */
  httpPollers: string[];
};

const WINDOW_S = 60;
/** A user who used the HTTP polling route this recently counts as a client on polling. */
const HTTP_POLLER_WINDOW_S = 30;
/** The newest samples of each kind kept for percentiles, at any rate. */
const MAX_SAMPLES = 5000;

type Samples = { latenciesMs: number[]; clientReports: ClientReport[] };
type Second = Samples & { published: number; httpPollers: Set<string> };

const emptySecond = (): Second => ({ published: 0, latenciesMs: [], clientReports: [], httpPollers: new Set() });

/**
 * A node's last minute, second by second: the one rolling record behind the stats' figures
 * (events per minute, latency and connect-time percentiles, reports, HTTP pollers), which
 * prom-client cannot give: its metrics count since the start, latencies in buckets, and the
 * stats take exact percentiles over every node's samples of the last minute.
 *
 * Each second has a slot, emptied and reused when its second comes round again: constant
 * work per record at any rate, where a list of timestamps pruned with shift() costs time in
 * proportion to its length (docs/performance.md). Figures are over the last 60 whole
 * seconds, this one included.
 */
export class LastMinute {
  private readonly seconds = Array.from({ length: WINDOW_S }, emptySecond);
  /** The second (epoch) the newest slot records. */
  private newest = 0;
  private readonly sampleCounts: Record<keyof Samples, number> = { latenciesMs: 0, clientReports: 0 };

  /** An event published (counted, not kept). */
  count(now: number): void {
    this.current(now).published++;
  }

  /** A sample for percentiles; past MAX_SAMPLES in the window, the oldest is dropped. */
  sample<K extends keyof Samples>(kind: K, value: Samples[K][number], now: number): void {
    (this.current(now)[kind] as Samples[K][number][]).push(value);
    if (++this.sampleCounts[kind] <= MAX_SAMPLES) return;
    for (let i = 1; i <= WINDOW_S; i++) {
      const oldest = this.seconds[(this.newest + i) % WINDOW_S][kind];
      if (oldest.length) {
        oldest.shift();
        this.sampleCounts[kind]--;
        return;
      }
    }
  }

  httpPoll(userId: string, now: number): void {
    this.current(now).httpPollers.add(userId);
  }

  read(now: number): TelemetryWindow {
    this.advance(now);
    const seconds = this.oldestFirst();
    return {
      published: seconds.reduce((total, second) => total + second.published, 0),
      latenciesMs: seconds.flatMap((second) => second.latenciesMs),
      clientReports: seconds.flatMap((second) => second.clientReports),
      httpPollers: [...new Set(seconds.slice(-HTTP_POLLER_WINDOW_S).flatMap((second) => [...second.httpPollers]))],
    };
  }

  private current(now: number): Second {
    this.advance(now);
    return this.seconds[this.newest % WINDOW_S];
  }

  private oldestFirst(): Second[] {
    return Array.from({ length: WINDOW_S }, (_, i) => this.seconds[(this.newest + 1 + i) % WINDOW_S]);
  }

  /** Empties the slots of the seconds that passed since the newest, reused for them. */
  private advance(now: number): void {
    const second = Math.floor(now / 1000);
    for (let s = Math.max(this.newest + 1, second - WINDOW_S + 1); s <= second; s++) {
      const slot = this.seconds[s % WINDOW_S];
      this.sampleCounts.latenciesMs -= slot.latenciesMs.length;
      this.sampleCounts.clientReports -= slot.clientReports.length;
      this.seconds[s % WINDOW_S] = emptySecond();
    }
    this.newest = Math.max(this.newest, second);
  }
}
