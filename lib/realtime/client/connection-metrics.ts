import type { ServerLink } from "./server-link";
import type { ConnectionStatus } from "./transport";

type Transport = "websocket" | "polling";

/**
 * How the connection went since the last (re)connection, for the staff monitor: time to
 * connect, reconnection attempts, switches between WebSocket and polling, polling rounds.
 * Reported over the socket (`metrics:report`) on each `connected`.
 */
export class ConnectionMetrics {
  private attemptStartedAt = 0;
  private reconnectAttempts = 0;
  private transportChanges = 0;
  private pollingRounds = 0;
  private transport: Transport | null = null;

  constructor(private readonly link: Pick<ServerLink, "request">) {}

  attemptStarted(): void {
    this.attemptStartedAt = Date.now();
  }

  reconnectAttempt(): void {
    this.reconnectAttempts++;
    this.attemptStartedAt = Date.now();
  }

  pollingRound(): void {
    this.pollingRounds++;
  }

  /** Counts a switch between WebSocket and polling (offline in between is no transport). */
  statusChanged(status: ConnectionStatus): void {
    const transport: Transport | null = status === "live" ? "websocket" : status === "polling" ? "polling" : null;
    if (transport && this.transport && transport !== this.transport) this.transportChanges++;
    if (transport) this.transport = transport;
  }

  /** Sends what was counted since the last report, and starts counting again. */
  report(): void {
    const { attemptStartedAt, reconnectAttempts, transportChanges, pollingRounds } = this;
    const connectMs = attemptStartedAt ? Math.max(0, Date.now() - attemptStartedAt) : 0;
    this.reconnectAttempts = this.transportChanges = this.pollingRounds = 0;
    void this.link.request("metrics:report", { connectMs, reconnectAttempts, transportChanges, pollingRounds });
  }
}
