export type RealtimeClientOptions = {
  /** The server's origin; the page's own when omitted (the browser). */
  url?: string;
  /** A bearer token (POST /api/token) for clients without the session cookie: apps, services, tests. */
  token?: string;
  /** The newest durable event id the page already reflects (from its server render). */
  initialCursor?: number;
  /** The event log's epoch that cursor belongs to (from the same render). */
  initialEpoch?: string;
  pollIntervalMs?: number;
  attemptsBeforePolling?: number;
  reconnectDelayMs?: number;
  reconnectDelayMaxMs?: number;
};

/** The client's timings, defaults filled in. */
export type Timing = Required<Pick<RealtimeClientOptions, "pollIntervalMs" | "attemptsBeforePolling" | "reconnectDelayMs" | "reconnectDelayMaxMs">>;

export function timingOf(options: RealtimeClientOptions): Timing {
  return {
    pollIntervalMs: options.pollIntervalMs ?? 10_000,
    attemptsBeforePolling: options.attemptsBeforePolling ?? 5,
    reconnectDelayMs: options.reconnectDelayMs ?? 1000,
    reconnectDelayMaxMs: options.reconnectDelayMaxMs ?? 10_000,
  };
}

/** socket.io's reconnection delay: doubling from reconnectDelayMs up to the maximum, ±50% jitter. */
export function backoff(attempt: number, { reconnectDelayMs, reconnectDelayMaxMs }: Timing): number {
  const base = Math.min(reconnectDelayMaxMs, reconnectDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.5 + Math.random()));
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
