import { io, type Socket } from "socket.io-client";
import type { Envelope } from "./protocol";
import { HANDSHAKE_RATE_LIMITED, HANDSHAKE_UNAUTHORIZED, type RateLimitedRefusal } from "./handshake-refusal";
import { MAX_POLLED_ROOMS } from "./polling";
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
 * Every durable event is delivered to listeners once (deduplicated by eventId) and in id
 * order: after any gap it fetches what it missed from the newest id it has seen, holding
 * back live events until that catch-up is complete (a failed one is retried). On a new
 * socket it joins its rooms again first, asking again for a room the server could not take
 * just then (too many events at once, its database away). When the server no longer keeps
 * the events after that id (CURSOR_EXPIRED), or never issued it (CURSOR_INVALID), or its
 * event log is another one than the cursor's (a new `epoch`: the database was reset or
 * replaced), it starts over from the server's cursor and tells `onResync` listeners to
 * reload their state. The same catch-up runs when the server says a gap may have opened without a
 * disconnection (`sync:required`, after its nodes lost each other), from the id it names.
 * Behind several nodes, each tab sends a random `affinity` id with every request so the
 * load balancer keeps the tab on one node (see docs/deployment.md).
 * A handshake the server refuses as "rate_limited" (a restart brings everyone back at once)
 * is retried after the server's retryAfterMs plus a jittered, growing delay.
 *
 * It also reports, over the socket: what the person does (`report`, kept until connected,
 * then sent after the catch-up one at a time, again later when refused as too many) and,
 * after each (re)connection, how the connection went (`metrics:report`: time to connect,
 * reconnection attempts, switches between WebSocket and polling, polling rounds).
 */

export type ConnectionStatus = "live" | "polling" | "offline";
export type RealtimeListener = (envelope: Envelope) => void;

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

const SEEN_LIMIT = 5000;
/** Activity reports kept while offline; older ones are let go first. */
const QUEUED_REPORTS_LIMIT = 20;
/** Refusals that mean "not now" rather than "no": a subscribe is asked again after a growing delay. */
const TRANSIENT_REFUSALS = new Set(["RATE_LIMITED", "DB_UNAVAILABLE", "TIMEOUT"]);

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export type ActivityReport = ClientEventPayload<"activity:report">;
type Transport = "websocket" | "polling";
type SyncPage = ClientEventResults["sync"];

/** A random id for this tab that the load balancer hashes to pick its node. */
function affinityId(): string {
  return Math.random().toString(36).slice(2, 12);
}

export class RealtimeClient {
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private readonly listeners = new Map<string, Set<RealtimeListener>>();
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  /** Rooms wanted, with how many components want each: the socket leaves at zero. */
  private readonly rooms = new Map<string, number>();
  private readonly seen = new Set<number>();
  private cursor: number;
  /**
   * Whether `cursor` says where this client is: given by the page's render (0 for an empty
   * log), or by the first `connected`. Until then there is nothing to catch up from.
   */
  private cursorKnown: boolean;
  /** The event log `cursor` belongs to; null until the server names it. */
  private epoch: string | null;
  /** How many times the cursor was replaced by the server's (a catch-up begun before is stale). */
  private startedOver = 0;
  private failedAttempts = 0;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private catchingUp: Promise<void> | null = null;
  /** Set from a gap until a catch-up completes: live events wait in `heldBack` meanwhile. */
  private behind = false;
  /**
   * Where a `sync:required` asked the next catch-up to start, when below the cursor (events
   * under it may never have reached us), and which request that was; cleared by a catch-up
   * that began after the request and completed, or by a resync (CURSOR_EXPIRED).
   */
  private syncFloor: { from: number; request: number } | null = null;
  private syncRequests = 0;
  private heldBack: { type: string; envelope: Envelope }[] = [];
  private catchUpRetry: ReturnType<typeof setTimeout> | null = null;
  /** Catch-up passes failed since the last one that completed: how long the next retry waits. */
  private failedCatchUps = 0;
  private handshakeRetry: ReturnType<typeof setTimeout> | null = null;
  private refusedHandshakes = 0;
  /** Whether a WebSocket ever connected: then WebSockets pass, and a timeout means a busy server. */
  private wasLive = false;
  private current: ConnectionStatus = "offline";
  private readonly resyncListeners = new Set<() => void>();
  private readonly signedOutListeners = new Set<() => void>();
  private readonly queuedReports: ActivityReport[] = [];
  private sendingReports = false;
  /** Since the last `metrics:report`. */
  private readonly metrics = { attemptStartedAt: 0, reconnectAttempts: 0, transportChanges: 0, pollingRounds: 0 };
  private transport: Transport | null = null;
  private readonly options: Required<Omit<RealtimeClientOptions, "url" | "token" | "initialCursor" | "initialEpoch">>;
  private readonly origin: string;
  private readonly httpHeaders: Record<string, string>;

  constructor(options: RealtimeClientOptions = {}) {
    this.options = {
      pollIntervalMs: options.pollIntervalMs ?? 10_000,
      attemptsBeforePolling: options.attemptsBeforePolling ?? 5,
      reconnectDelayMs: options.reconnectDelayMs ?? 1000,
      reconnectDelayMaxMs: options.reconnectDelayMaxMs ?? 10_000,
    };
    this.cursor = options.initialCursor ?? 0;
    this.cursorKnown = options.initialCursor !== undefined;
    this.epoch = options.initialEpoch ?? null;
    this.origin = options.url ?? "";
    this.httpHeaders = options.token ? { authorization: `Bearer ${options.token}` } : {};
    const socketOptions = {
      path: "/socket.io",
      query: { affinity: affinityId() },
      auth: options.token ? { token: options.token } : {},
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
      this.refusedHandshakes = 0;
      this.wasLive = true;
      this.stopPolling();
      this.setStatus("live");
      const rejoined = this.socket.recovered ? null : Promise.all([...this.rooms.keys()].map((room) => this.join(room)));
      // Catch up from here, before anything live is shown (events can arrive ahead of `connected`),
      // once the rooms are joined again (`sync` reads the socket's rooms the moment it arrives).
      // A recovered session too: Socket.IO replays what its adapter kept, but with Redis durable
      // events go to each node's own sockets, in order, outside what it keeps.
      const caughtUp = this.cursorKnown ? this.catchUpFrom(this.catchingUp, rejoined) : rejoined;
      // Reports wait their turn: under the server's per-socket rate limit they would crowd out the catch-up.
      void Promise.allSettled([caughtUp]).then(() => this.sendQueuedReports());
    });
    this.socket.on("connected", (payload: ConnectedPayload) => {
      this.reportConnectionMetrics();
      // Another log than our cursor's: its ids mean other events; start over from its cursor.
      if (this.isAnotherLog(payload.epoch)) return this.startOver(payload.cursor, payload.epoch);
      this.epoch ??= payload.epoch;
      // A first connection with no render cursor starts from now.
      if (!this.cursorKnown) {
        this.cursor = Math.max(this.cursor, payload.cursor);
        this.cursorKnown = true;
      }
    });
    // Redis came back after an outage: events from `since` on may have crossed nodes without
    // reaching us, though our cursor may be past some of them.
    this.socket.on("sync:required", (envelope: Envelope) => {
      const since = (envelope.data as { since?: unknown } | null)?.since;
      if (typeof since === "number") this.syncFloor = { from: Math.min(since, this.syncFloor?.from ?? since), request: ++this.syncRequests };
      void this.catchUpFrom(this.catchingUp).catch(() => undefined);
    });
    this.socket.io.on("reconnect_attempt", () => {
      this.metrics.reconnectAttempts++;
      this.metrics.attemptStartedAt = Date.now();
    });
    this.socket.on("connect_error", (error: Error & { data?: RateLimitedRefusal }) => {
      if (error.message === HANDSHAKE_RATE_LIMITED) this.retryHandshakeLater(error.data?.retryAfterMs ?? 0);
      else if (error.message === HANDSHAKE_UNAUTHORIZED) this.signedOut();
      else void this.onConnectFailure(error);
    });
    this.socket.on("disconnect", (reason) => {
      if (this.current === "live") this.setStatus("offline");
      // The server dropped this socket on purpose (the user signed out everywhere): asking
      // again tells whether the identity still holds, `unauthorized` if not.
      if (reason === "io server disconnect") this.socket.connect();
    });
    this.socket.onAny((type: string, payload: Envelope) => this.receiveLive(type, payload));
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
    for (const timer of [this.catchUpRetry, this.handshakeRetry]) if (timer) clearTimeout(timer);
    this.catchUpRetry = this.handshakeRetry = null;
    this.socket.disconnect();
    this.setStatus("offline");
  }

  /** Called when the server no longer accepts this identity (signed out everywhere, or the session ended); returns the unsubscribe function. */
  onSignedOut(listener: () => void): () => void {
    this.signedOutListeners.add(listener);
    return () => this.signedOutListeners.delete(listener);
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

  /** Reports what the person did; sent now when connected, else once the next connection has caught up. */
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
    return this.join(room);
  }

  /** Asks to join a room, again after a growing delay while the server answers "not now" and the room is still wanted. */
  private async join(room: string): Promise<Ack<{ room: string }>> {
    for (let attempt = 1; ; attempt++) {
      const answer = await this.request("subscribe", { room });
      if (answer.ok || !TRANSIENT_REFUSALS.has(answer.error.code)) return answer;
      await delay(this.backoff(attempt));
      if (!this.rooms.has(room)) return answer;
    }
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
    const offline = { ok: false as const, error: { code: "OFFLINE", message: "Not connected" } };
    if (!this.socket.connected) return offline;
    // An answer cannot come over a connection that has closed: say so then, rather than after
    // the timeout (a catch-up waiting on it would hold the next connection's catch-up back).
    let onDisconnect: () => void = () => undefined;
    const closed = new Promise<typeof offline>((resolve) => {
      onDisconnect = () => resolve(offline);
      this.socket.once("disconnect", onDisconnect);
    });
    try {
      // Bound: emitWithAck uses `this`, and detached it threw, so every request read as a timeout.
      const socket = this.socket.timeout(10_000);
      const emit = socket.emitWithAck.bind(socket) as (e: E, p: ClientEventPayload<E>) => Promise<Ack<ClientEventResults[E]>>;
      return await Promise.race([emit(event, payload), closed]);
    } catch {
      return { ok: false, error: { code: "TIMEOUT", message: "No answer from the server" } };
    } finally {
      this.socket.off("disconnect", onDisconnect);
    }
  }

  /** Fetches every durable event after the cursor (socket `sync` when live, HTTP otherwise). */
  catchUp(): Promise<void> {
    return this.catchingUp ?? this.catchUpFrom();
  }

  /**
   * A catch-up pass that starts once everything in `after` has ended: a pass begun before
   * this connection (which cannot have seen what was published since) and the rooms being
   * joined again. Live events are held back until the newest pass completes; when it fails
   * it is retried while the socket is up (polling retries on its own timer). An older pass
   * settles nothing: releasing the held events would move the cursor past what the newer
   * pass has still to fetch.
   */
  private catchUpFrom(...after: (Promise<unknown> | null)[]): Promise<void> {
    this.behind = true;
    const pass: Promise<void> = Promise.allSettled(after)
      .then(() => this.fetchMissed())
      .then(
        (complete) => {
          if (this.catchingUp !== pass) return;
          if (!complete) return this.retryCatchUpLater();
          this.failedCatchUps = 0;
          this.releaseHeldBack();
        },
        (error: unknown) => {
          if (this.catchingUp === pass) this.retryCatchUpLater();
          throw error;
        },
      )
      .finally(() => {
        if (this.catchingUp === pass) this.catchingUp = null;
      });
    this.catchingUp = pass;
    return pass;
  }

  /** Pages through what was missed; false when the server could not answer (e.g. its database is away). */
  private async fetchMissed(): Promise<boolean> {
    const floor = this.syncFloor;
    const { startedOver } = this;
    let since = Math.min(floor?.from ?? this.cursor, this.cursor);
    for (;;) {
      let answer: { ok: true; page: SyncPage } | { ok: false; error: AckError["error"] };
      if (this.socket.connected) {
        const synced = await this.request("sync", { since });
        answer = synced.ok ? { ok: true, page: synced } : synced;
      } else {
        // The rooms too, as `sync` reads them from the socket: a poll must not skip their events.
        const rooms = [...this.rooms.keys()].slice(0, MAX_POLLED_ROOMS).join(",");
        const query = `since=${since}${rooms ? `&rooms=${encodeURIComponent(rooms)}` : ""}`;
        const response = await fetch(`${this.origin}/api/realtime/events?${query}`, {
          credentials: "same-origin",
          cache: "no-store",
          headers: this.httpHeaders,
        });
        if (response.status === 410 || response.status === 400) answer = { ok: false, ...((await response.json()) as Pick<AckError, "error">) };
        else if (!response.ok) throw new Error(`events: ${response.status}`);
        else answer = { ok: true, page: await response.json() };
      }
      // Started over meanwhile (`connected` named another log): this pass asked from a cursor of the old one.
      if (this.startedOver !== startedOver) return true;
      if (!answer.ok) return this.resyncIfExpired(answer.error);
      const { page } = answer;
      if (this.isAnotherLog(page.epoch)) {
        this.startOver(page.cursor, page.epoch);
        return true;
      }
      this.epoch ??= page.epoch;
      for (const envelope of page.events) this.dispatch(envelope.type, envelope);
      this.cursor = Math.max(this.cursor, page.cursor);
      if (!page.hasMore) {
        if (floor && this.syncFloor?.request === floor.request) this.syncFloor = null;
        return true;
      }
      since = page.cursor;
    }
  }

  /** Later after every failure in a row, so a database outage is not met with every client's `sync` each second. */
  private retryCatchUpLater(): void {
    this.failedCatchUps++;
    if (this.catchUpRetry || !this.socket.connected) return;
    this.catchUpRetry = setTimeout(() => {
      this.catchUpRetry = null;
      void this.catchUp().catch(() => undefined);
    }, this.backoff(this.failedCatchUps));
  }

  /** Sends the reports kept while offline one at a time; one refused as too many goes back to the queue and waits. */
  private async sendQueuedReports(): Promise<void> {
    if (this.sendingReports) return;
    this.sendingReports = true;
    try {
      for (let refused = 0; this.queuedReports.length > 0 && this.socket.connected; ) {
        const report = this.queuedReports.shift()!;
        const answer = await this.request("activity:report", report);
        if (answer.ok || answer.error.code !== "RATE_LIMITED") {
          refused = 0;
          continue;
        }
        this.queuedReports.unshift(report);
        await delay(this.backoff(++refused));
      }
    } finally {
      this.sendingReports = false;
    }
  }

  /** Up to date again: what arrived live meanwhile goes out in id order (the catch-up's share skipped as seen). */
  private releaseHeldBack(): void {
    this.behind = false;
    const held = this.heldBack.sort((a, b) => (a.envelope.eventId ?? 0) - (b.envelope.eventId ?? 0));
    this.heldBack = [];
    for (const { type, envelope } of held) this.dispatch(type, envelope);
  }

  private receiveLive(type: string, envelope: Envelope): void {
    if (this.behind && typeof envelope?.eventId === "number") this.heldBack.push({ type, envelope });
    else this.dispatch(type, envelope);
  }

  /** socket.io's reconnection delay: doubling from reconnectDelayMs up to the maximum, ±50% jitter. */
  private backoff(attempt: number): number {
    const { reconnectDelayMs, reconnectDelayMaxMs } = this.options;
    const base = Math.min(reconnectDelayMaxMs, reconnectDelayMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(base * (0.5 + Math.random()));
  }

  /** The server refused the handshake as too many at once: it does not retry by itself, so wait and ask again. */
  private retryHandshakeLater(retryAfterMs: number): void {
    if (this.handshakeRetry) return;
    this.refusedHandshakes++;
    this.handshakeRetry = setTimeout(() => {
      this.handshakeRetry = null;
      this.start();
    }, retryAfterMs + this.backoff(this.refusedHandshakes));
  }

  /**
   * CURSOR_EXPIRED (the events after our cursor are gone) or CURSOR_INVALID (the log never
   * had our cursor): start over from the server's cursor (the catch-up is then complete).
   * Any other refusal leaves it incomplete, to be retried.
   */
  private resyncIfExpired(error: AckError["error"]): boolean {
    if ((error.code !== "CURSOR_EXPIRED" && error.code !== "CURSOR_INVALID") || typeof error.cursor !== "number") return false;
    this.startOver(error.cursor, typeof error.epoch === "string" ? error.epoch : this.epoch);
    return true;
  }

  private isAnotherLog(epoch: string | null | undefined): boolean {
    return Boolean(epoch && this.epoch && epoch !== this.epoch);
  }

  /** Resumes from the server's cursor of its log and has the page reload what it shows. */
  private startOver(cursor: number, epoch: string | null): void {
    // Ids of another log mean other events.
    if (epoch !== this.epoch) this.seen.clear();
    this.startedOver++;
    this.cursor = cursor;
    this.cursorKnown = true;
    this.epoch = epoch;
    // The reload covers everything up to the new cursor: a floor left set would start the next catch-up below it again.
    this.syncFloor = null;
    for (const listener of this.resyncListeners) listener();
  }

  private reportConnectionMetrics(): void {
    const { attemptStartedAt, reconnectAttempts, transportChanges, pollingRounds } = this.metrics;
    const connectMs = attemptStartedAt ? Math.max(0, Date.now() - attemptStartedAt) : 0;
    Object.assign(this.metrics, { reconnectAttempts: 0, transportChanges: 0, pollingRounds: 0 });
    void this.request("metrics:report", { connectMs, reconnectAttempts, transportChanges, pollingRounds });
  }

  private dispatch(type: string, envelope: Envelope): void {
    if (!envelope || typeof envelope !== "object" || type === "connected" || type === "sync:required") return;
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

  private async onConnectFailure(error: Error): Promise<void> {
    this.failedAttempts++;
    if (this.pollTimer) return;
    // A client that was live has seen WebSockets pass: a timed-out reconnection means a busy server
    // (a restart brings everyone back at once), and asking it over HTTP too would only add to the herd.
    if (error.message === "timeout" && this.wasLive && this.failedAttempts < this.options.attemptsBeforePolling) {
      return this.setStatus("offline");
    }
    // The server answering over HTTP while the WebSocket fails means WebSockets are blocked.
    const reachable = await fetch(`${this.origin}/api/realtime/connection-status`, {
      credentials: "same-origin",
      cache: "no-store",
      headers: this.httpHeaders,
    })
      .then((r) => r.ok)
      .catch(() => false);
    if (reachable || this.failedAttempts >= this.options.attemptsBeforePolling) this.startPolling();
    else this.setStatus("offline");
  }

  /** The identity is gone: polling would be refused too, so the tab goes offline and says so. */
  private signedOut(): void {
    this.stopPolling();
    this.setStatus("offline");
    for (const listener of this.signedOutListeners) listener();
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
