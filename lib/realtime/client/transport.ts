import { HANDSHAKE_RATE_LIMITED, HANDSHAKE_UNAUTHORIZED, type RateLimitedRefusal } from "../handshake-refusal";
import { backoff, type Timing } from "./options";
import type { ServerLink } from "./server-link";

export type ConnectionStatus = "live" | "polling" | "offline";

/** What the fallback asks of the rest of the client. */
export type TransportHooks = {
  /** A connection attempt begins (the time to connect counts from here). */
  attemptStarted: () => void;
  /** One polling round: fetch what was missed over HTTP. */
  poll: () => Promise<void>;
};

/**
 * Which way the tab reaches the server, and the status it shows:
 * - live: the WebSocket, which socket.io reconnects with exponential backoff and jitter;
 * - polling: after `attemptsBeforePolling` failed attempts, or at once when the server
 *   answers HTTP while WebSockets fail (a proxy blocks them), a round every `pollIntervalMs`,
 *   the WebSocket still tried in the background: when it connects the tab is live again;
 * - offline: neither works.
 * A handshake refused as "rate_limited" (a restart brings everyone back at once) is asked
 * again after the server's retryAfterMs plus a jittered, growing delay; one refused as
 * "unauthorized" means the identity is gone (`onSignedOut`).
 */
export class TransportFallback {
  private current: ConnectionStatus = "offline";
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  private readonly signedOutListeners = new Set<() => void>();
  private failedAttempts = 0;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private handshakeRetry: ReturnType<typeof setTimeout> | null = null;
  private refusedHandshakes = 0;
  /** Whether a WebSocket ever connected: then WebSockets pass, and a timeout means a busy server. */
  private wasLive = false;

  constructor(
    private readonly link: ServerLink,
    private readonly timing: Timing,
    private readonly hooks: TransportHooks,
  ) {}

  get status(): ConnectionStatus {
    return this.current;
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Called when the server no longer accepts this identity (signed out everywhere, or the session ended); returns the unsubscribe function. */
  onSignedOut(listener: () => void): () => void {
    this.signedOutListeners.add(listener);
    return () => this.signedOutListeners.delete(listener);
  }

  start(): void {
    const { socket } = this.link;
    if (socket.connected || socket.active) return;
    this.hooks.attemptStarted();
    socket.connect();
  }

  stop(): void {
    this.stopPolling();
    if (this.handshakeRetry) clearTimeout(this.handshakeRetry);
    this.handshakeRetry = null;
    this.link.socket.disconnect();
    this.setStatus("offline");
  }

  /** The WebSocket connected. */
  connected(): void {
    this.failedAttempts = 0;
    this.refusedHandshakes = 0;
    this.wasLive = true;
    this.stopPolling();
    this.setStatus("live");
  }

  disconnected(reason: string): void {
    if (this.current === "live") this.setStatus("offline");
    // The server dropped this socket on purpose (the user signed out everywhere): asking
    // again tells whether the identity still holds, `unauthorized` if not.
    if (reason === "io server disconnect") this.link.socket.connect();
  }

  connectFailed(error: Error & { data?: RateLimitedRefusal }): void {
    if (error.message === HANDSHAKE_RATE_LIMITED) this.retryHandshakeLater(error.data?.retryAfterMs ?? 0);
    else if (error.message === HANDSHAKE_UNAUTHORIZED) this.signedOut();
    else void this.fallBack(error);
  }

  /** The server refused the handshake as too many at once: it does not retry by itself, so wait and ask again. */
  private retryHandshakeLater(retryAfterMs: number): void {
    if (this.handshakeRetry) return;
    this.refusedHandshakes++;
    this.handshakeRetry = setTimeout(() => {
      this.handshakeRetry = null;
      this.start();
    }, retryAfterMs + backoff(this.refusedHandshakes, this.timing));
  }

  /** The identity is gone: polling would be refused too, so the tab goes offline and says so. */
  private signedOut(): void {
    this.stopPolling();
    this.setStatus("offline");
    for (const listener of this.signedOutListeners) listener();
  }

  /** A WebSocket attempt failed: poll when the server answers HTTP or after enough failures, else offline. */
  private async fallBack(error: Error): Promise<void> {
    this.failedAttempts++;
    if (this.pollTimer) return;
    // A client that was live has seen WebSockets pass: a timed-out reconnection means a busy server
    // (a restart brings everyone back at once), and asking it over HTTP too would only add to the herd.
    if (error.message === "timeout" && this.wasLive && this.failedAttempts < this.timing.attemptsBeforePolling) {
      return this.setStatus("offline");
    }
    // The server answering over HTTP while the WebSocket fails means WebSockets are blocked.
    const reachable = await this.link.get("/api/realtime/connection-status").then(
      (r) => r.ok,
      () => false,
    );
    if (reachable || this.failedAttempts >= this.timing.attemptsBeforePolling) this.startPolling();
    else this.setStatus("offline");
  }

  private startPolling(): void {
    if (this.pollTimer || this.link.connected) return;
    this.setStatus("polling");
    const poll = () =>
      this.hooks.poll().then(
        () => this.setStatus(this.link.connected ? "live" : "polling"),
        () => this.setStatus(this.link.connected ? "live" : "offline"),
      );
    void poll();
    this.pollTimer = setInterval(poll, this.timing.pollIntervalMs);
  }

  private stopPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.current) return;
    this.current = status;
    for (const listener of this.statusListeners) listener(status);
  }
}
