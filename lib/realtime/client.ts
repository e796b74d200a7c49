import { io, type Socket } from "socket.io-client";
import type { Envelope } from "../domain/events";
import type {
  Ack,
  AckError,
  ClientEventName,
  ClientEventPayload,
  ClientEventResults,
  ClientToServerEvents,
  ConnectedPayload,
  ServerToClientEvents,
} from "./protocol";

/**
 * The browser's realtime connection, framework-free: one per tab (see `sharedRealtimeClient`).
 *
 * - Live: a WebSocket to the server. Reconnects with exponential backoff and jitter.
 * - Polling: after `attemptsBeforePolling` failed attempts, or at once when the server
 *   answers HTTP but WebSockets fail (a proxy blocks them), it polls
 *   GET /api/realtime/events every `pollIntervalMs`, and keeps trying the WebSocket in the
 *   background; when that works it is Live again by itself.
 * - Offline: neither works.
 * Every durable event is delivered to listeners once (deduplicated by eventId), and after
 * any gap it resumes from the newest id it has seen. When the server no longer keeps the
 * events after that id (CURSOR_EXPIRED), it tells `onResync` listeners to reload their state.
 *
 * It also reports, over the socket: what the person does (`report`, kept until connected)
 * and, after each (re)connection, how the connection went (`metrics:report`: time to
 * connect, reconnection attempts, switches between WebSocket and polling, polling rounds).
 */

export type ConnectionStatus = "live" | "polling" | "offline";
export type RealtimeListener = (envelope: Envelope) => void;

export type RealtimeClientOptions = {
  url?: string;
  /** The newest durable event id the page already reflects (from its server render). */
  initialCursor?: number;
  pollIntervalMs?: number;
  attemptsBeforePolling?: number;
  reconnectDelayMs?: number;
  reconnectDelayMaxMs?: number;
};

const SEEN_LIMIT = 5000;
/** Activity reports kept while offline; older ones are let go first. */
const QUEUED_REPORTS_LIMIT = 20;

export type ActivityReport = ClientEventPayload<"activity:report">;
type Transport = "websocket" | "polling";

export class RealtimeClient {
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private readonly listeners = new Map<string, Set<RealtimeListener>>();
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  /** Rooms wanted, with how many components want each: the socket leaves at zero. */
  private readonly rooms = new Map<string, number>();
  private readonly seen = new Set<number>();
  private cursor: number;
  private failedAttempts = 0;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private catchingUp: Promise<void> | null = null;
  private current: ConnectionStatus = "offline";
  private readonly resyncListeners = new Set<() => void>();
  private readonly queuedReports: ActivityReport[] = [];
  /** Since the last `metrics:report`. */
  private readonly metrics = { attemptStartedAt: 0, reconnectAttempts: 0, transportChanges: 0, pollingRounds: 0 };
  private transport: Transport | null = null;
  private readonly options: Required<Omit<RealtimeClientOptions, "url" | "initialCursor">>;

  constructor(options: RealtimeClientOptions = {}) {
    this.options = {
      pollIntervalMs: options.pollIntervalMs ?? 10_000,
      attemptsBeforePolling: options.attemptsBeforePolling ?? 5,
      reconnectDelayMs: options.reconnectDelayMs ?? 1000,
      reconnectDelayMaxMs: options.reconnectDelayMaxMs ?? 10_000,
    };
    this.cursor = options.initialCursor ?? 0;
    const socketOptions = {
      path: "/socket.io",
      transports: ["websocket"],
      autoConnect: false,
      withCredentials: true,
      reconnectionDelay: this.options.reconnectDelayMs,
      reconnectionDelayMax: this.options.reconnectDelayMaxMs,
      randomizationFactor: 0.5,
      // A connection attempt that has not completed in 5 s counts as failed: some proxies
      // accept the upgrade and then say nothing, which would otherwise wait 20 s.
      timeout: 5000,
    };
    this.socket = options.url ? io(options.url, socketOptions) : io(socketOptions);

    this.socket.on("connect", () => {
      this.failedAttempts = 0;
      this.stopPolling();
      this.setStatus("live");
      if (!this.socket.recovered) {
        for (const room of this.rooms.keys()) this.socket.emit("subscribe", { room }, () => undefined);
      }
      for (const report of this.queuedReports.splice(0)) void this.request("activity:report", report);
    });
    this.socket.on("connected", (payload: ConnectedPayload) => {
      this.reportConnectionMetrics();
      // A first connection with no render cursor starts from now; any later one catches up.
      if (this.cursor === 0) this.cursor = payload.cursor;
      else if (!this.socket.recovered) void this.catchUp();
    });
    this.socket.io.on("reconnect_attempt", () => {
      this.metrics.reconnectAttempts++;
      this.metrics.attemptStartedAt = Date.now();
    });
    this.socket.on("connect_error", () => void this.onConnectFailure());
    this.socket.on("disconnect", () => {
      if (this.current === "live") this.setStatus("offline");
    });
    this.socket.onAny((type: string, payload: Envelope) => this.dispatch(type, payload));
  }

  get status(): ConnectionStatus {
    return this.current;
  }

  get lastEventId(): number {
    return this.cursor;
  }

  start(): void {
    if (this.socket.connected || this.socket.active) return;
    this.metrics.attemptStartedAt = Date.now();
    this.socket.connect();
  }

  stop(): void {
    this.stopPolling();
    this.socket.disconnect();
    this.setStatus("offline");
  }

  /** Listens for one event type, or every event with "*"; returns the unsubscribe function. */
  on(type: string, listener: RealtimeListener): () => void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(listener);
    return () => this.listeners.get(type)?.delete(listener);
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Called when events were missed beyond recall: reload what you show. The cursor has moved on already. */
  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  /** Reports what the person did; sent now when connected, else on the next connection. */
  async report(activity: ActivityReport): Promise<Ack<object>> {
    if (this.socket.connected) return this.request("activity:report", activity);
    this.queuedReports.push(activity);
    if (this.queuedReports.length > QUEUED_REPORTS_LIMIT) this.queuedReports.shift();
    return { ok: false, error: { code: "OFFLINE", message: "Queued until connected" } };
  }

  /** Joins a room now and after every reconnection, until `unsubscribe`. Counted per caller. */
  async subscribe(room: string): Promise<Ack<{ room: string }>> {
    this.rooms.set(room, (this.rooms.get(room) ?? 0) + 1);
    if (!this.socket.connected) return { ok: true, room };
    return this.request("subscribe", { room });
  }

  /** Leaves a room once every `subscribe` for it has been matched by an `unsubscribe`. */
  async unsubscribe(room: string): Promise<void> {
    const wanted = (this.rooms.get(room) ?? 1) - 1;
    if (wanted > 0) return void this.rooms.set(room, wanted);
    this.rooms.delete(room);
    if (this.socket.connected) await this.request("unsubscribe", { room });
  }

  /** Sends a client event and waits for its ack (`{ok:false, error:{code:"OFFLINE"}}` when not connected). */
  async request<E extends ClientEventName>(event: E, payload: ClientEventPayload<E>): Promise<Ack<ClientEventResults[E]>> {
    if (!this.socket.connected) return { ok: false, error: { code: "OFFLINE", message: "Not connected" } };
    try {
      // Bound: emitWithAck uses `this`, and detached it threw, so every request read as a timeout.
      const socket = this.socket.timeout(10_000);
      const emit = socket.emitWithAck.bind(socket) as (e: E, p: ClientEventPayload<E>) => Promise<Ack<ClientEventResults[E]>>;
      return await emit(event, payload);
    } catch {
      return { ok: false, error: { code: "TIMEOUT", message: "No answer from the server" } };
    }
  }

  /** Fetches every durable event after the cursor (socket `sync` when live, HTTP otherwise). */
  catchUp(): Promise<void> {
    this.catchingUp ??= this.fetchMissed().finally(() => {
      this.catchingUp = null;
    });
    return this.catchingUp;
  }

  private async fetchMissed(): Promise<void> {
    for (;;) {
      const since = this.cursor;
      let page: { events: Envelope[]; cursor: number; hasMore: boolean };
      if (this.socket.connected) {
        const answer = await this.request("sync", { since });
        if (!answer.ok) return this.resyncIfExpired(answer.error);
        page = answer;
      } else {
        const response = await fetch(`/api/realtime/events?since=${since}`, { credentials: "same-origin", cache: "no-store" });
        if (response.status === 410) return this.resyncIfExpired(((await response.json()) as Pick<AckError, "error">).error);
        if (!response.ok) throw new Error(`events: ${response.status}`);
        page = await response.json();
      }
      for (const envelope of page.events) this.dispatch(envelope.type, envelope);
      this.cursor = Math.max(this.cursor, page.cursor);
      if (!page.hasMore) return;
    }
  }

  /** CURSOR_EXPIRED: the events after our cursor are gone; resume from the server's and reload. */
  private resyncIfExpired(error: AckError["error"]): void {
    if (error.code !== "CURSOR_EXPIRED" || typeof error.cursor !== "number") return;
    this.cursor = error.cursor;
    for (const listener of this.resyncListeners) listener();
  }

  private reportConnectionMetrics(): void {
    const { attemptStartedAt, reconnectAttempts, transportChanges, pollingRounds } = this.metrics;
    const connectMs = attemptStartedAt ? Math.max(0, Date.now() - attemptStartedAt) : 0;
    Object.assign(this.metrics, { reconnectAttempts: 0, transportChanges: 0, pollingRounds: 0 });
    void this.request("metrics:report", { connectMs, reconnectAttempts, transportChanges, pollingRounds });
  }

  private dispatch(type: string, envelope: Envelope): void {
    if (!envelope || typeof envelope !== "object" || type === "connected") return;
    if (typeof envelope.eventId === "number") {
      if (this.seen.has(envelope.eventId)) return;
      this.seen.add(envelope.eventId);
      if (this.seen.size > SEEN_LIMIT) this.seen.delete(this.seen.values().next().value!);
      this.cursor = Math.max(this.cursor, envelope.eventId);
    }
    for (const key of [type, "*"]) {
      for (const listener of this.listeners.get(key) ?? []) {
        try {
          listener(envelope);
        } catch (error) {
          console.error(`realtime listener for ${type} failed`, error);
        }
      }
    }
  }

  private async onConnectFailure(): Promise<void> {
    this.failedAttempts++;
    if (this.pollTimer) return;
    // The server answering over HTTP while the WebSocket fails means WebSockets are blocked.
    const reachable = await fetch("/api/realtime/connection-status", { credentials: "same-origin", cache: "no-store" })
      .then((r) => r.ok)
      .catch(() => false);
    if (reachable || this.failedAttempts >= this.options.attemptsBeforePolling) this.startPolling();
    else this.setStatus("offline");
  }

  private startPolling(): void {
    if (this.pollTimer || this.socket.connected) return;
    this.setStatus("polling");
    const poll = () => {
      this.metrics.pollingRounds++;
      return this.catchUp().then(
        () => this.setStatus(this.socket.connected ? "live" : "polling"),
        () => this.setStatus(this.socket.connected ? "live" : "offline"),
      );
    };
    void poll();
    this.pollTimer = setInterval(poll, this.options.pollIntervalMs);
  }

  private stopPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.current) return;
    this.current = status;
    const transport: Transport | null = status === "live" ? "websocket" : status === "polling" ? "polling" : null;
    if (transport && this.transport && transport !== this.transport) this.metrics.transportChanges++;
    if (transport) this.transport = transport;
    for (const listener of this.statusListeners) listener(status);
  }
}

const globalForClient = globalThis as unknown as { switchboardRealtimeClient?: RealtimeClient };

/**
 * The tab's one client. Kept on globalThis so React StrictMode's double effects and hot
 * reloads reuse it instead of opening a second socket.
 */
export function sharedRealtimeClient(options?: RealtimeClientOptions): RealtimeClient {
  globalForClient.switchboardRealtimeClient ??= new RealtimeClient(options);
  return globalForClient.switchboardRealtimeClient;
}
