import type { Envelope } from "../protocol";
import type { Ack, ClientEventName, ClientEventPayload, ClientEventResults, ConnectedPayload } from "../protocol";
import { ActivityQueue, type ActivityReport } from "./activity-queue";
import { CatchUp } from "./catch-up";
import { ConnectionMetrics } from "./connection-metrics";
import { Delivery, type RealtimeListener } from "./delivery";
import { timingOf, type RealtimeClientOptions } from "./options";
import { Rooms } from "./rooms";
import { ServerLink } from "./server-link";
import { TransportFallback, type ConnectionStatus } from "./transport";

export type { ActivityReport, ConnectionStatus, RealtimeClientOptions, RealtimeListener };

/**
 * The browser's realtime connection, framework-free: one per tab (see `sharedRealtimeClient`).
 * It puts together, each in its own file:
 * - the way to the server, socket and HTTP, with the tab's load-balancer `affinity` id
 *   (server-link.ts, docs/deployment.md);
 * - live, polling or offline, and the retries between them (transport.ts);
 * - catching up after a gap, from the newest id seen or over again on another event log
 *   (catch-up.ts), handing each durable event to listeners once and in id order (delivery.ts);
 * - the rooms wanted, joined again on each new socket (rooms.ts);
 * - what the person does (`report`), kept until connected, then sent after the catch-up
 *   (activity-queue.ts);
 * - after each (re)connection, how the connection went (`metrics:report`, connection-metrics.ts).
 */
export class RealtimeClient {
  /** Reached by the browser tests to cut the connection under the page. */
  private readonly socket: ServerLink["socket"];
  private readonly link: ServerLink;
  private readonly delivery: Delivery;
  private readonly catchUps: CatchUp;
  private readonly rooms: Rooms;
  private readonly activity: ActivityQueue;
  private readonly metrics: ConnectionMetrics;
  private readonly transport: TransportFallback;

  constructor(options: RealtimeClientOptions = {}) {
    const timing = timingOf(options);
    this.link = new ServerLink(options, timing);
    this.socket = this.link.socket;
    this.delivery = new Delivery((eventId) => this.catchUps.advance(eventId));
    this.rooms = new Rooms(this.link, timing);
    this.catchUps = new CatchUp(options, this.link, this.delivery, () => this.rooms.names, timing);
    this.activity = new ActivityQueue(this.link, timing);
    this.metrics = new ConnectionMetrics(this.link);
    this.transport = new TransportFallback(this.link, timing, {
      attemptStarted: () => this.metrics.attemptStarted(),
      poll: () => {
        this.metrics.pollingRound();
        return this.catchUps.catchUp();
      },
    });
    this.transport.onStatus((status) => this.metrics.statusChanged(status));

    const { socket } = this;
    socket.on("connect", () => {
      this.transport.connected();
      const rejoined = socket.recovered ? null : this.rooms.rejoin();
      const caughtUp = this.catchUps.connected(rejoined);
      // Reports wait their turn: under the server's per-socket rate limit they would crowd out the catch-up.
      void Promise.allSettled([caughtUp]).then(() => this.activity.sendQueued());
    });
    socket.on("connected", (payload: ConnectedPayload) => {
      this.metrics.report();
      this.catchUps.serverConnected(payload);
    });
    socket.on("sync:required", (envelope: Envelope) => this.catchUps.syncRequired(envelope));
    socket.io.on("reconnect_attempt", () => this.metrics.reconnectAttempt());
    socket.on("connect_error", (error) => this.transport.connectFailed(error));
    socket.on("disconnect", (reason) => this.transport.disconnected(reason));
    socket.onAny((type: string, payload: Envelope) => this.delivery.receiveLive(type, payload));
  }

  get status(): ConnectionStatus {
    return this.transport.status;
  }

  /** The newest durable event id this tab reflects. */
  get lastEventId(): number {
    return this.catchUps.lastEventId;
  }

  /** The event log `lastEventId` belongs to; null until the server names it. */
  get epoch(): string | null {
    return this.catchUps.logEpoch;
  }

  start(): void {
    this.transport.start();
  }

  stop(): void {
    this.catchUps.stop();
    this.transport.stop();
  }

  /** Called when the server no longer accepts this identity (signed out everywhere, or the session ended); returns the unsubscribe function. */
  onSignedOut(listener: () => void): () => void {
    return this.transport.onSignedOut(listener);
  }

  /** Listens for one event type, or every event with "*"; returns the unsubscribe function. */
  on(type: string, listener: RealtimeListener): () => void {
    return this.delivery.on(type, listener);
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    return this.transport.onStatus(listener);
  }

  /** Called when events were missed beyond recall: reload what you show. The cursor has moved on already. */
  onResync(listener: () => void): () => void {
    return this.catchUps.onResync(listener);
  }

  /** Reports what the person did; sent now when connected, else once the next connection has caught up. */
  report(activity: ActivityReport): Promise<Ack<object>> {
    return this.activity.report(activity);
  }

  /** Joins a room now and after every reconnection, until `unsubscribe`. Counted per caller. */
  subscribe(room: string): Promise<Ack<{ room: string }>> {
    return this.rooms.subscribe(room);
  }

  /** Leaves a room once every `subscribe` for it has been matched by an `unsubscribe`. */
  unsubscribe(room: string): Promise<void> {
    return this.rooms.unsubscribe(room);
  }

  /** Sends a client event and waits for its ack (`{ok:false, error:{code:"OFFLINE"}}` when not connected). */
  request<E extends ClientEventName>(event: E, payload: ClientEventPayload<E>): Promise<Ack<ClientEventResults[E]>> {
    return this.link.request(event, payload);
  }

  /** Fetches every durable event after the cursor (socket `sync` when live, HTTP otherwise). */
  catchUp(): Promise<void> {
    return this.catchUps.catchUp();
  }
}

/** The tab's one client, kept here so React StrictMode's double effects reuse it instead of opening a second socket. */
let tabClient: RealtimeClient | undefined;

/** The tab's one client, made on first use with `options` (later calls' options are ignored). */
export function sharedRealtimeClient(options?: RealtimeClientOptions): RealtimeClient {
  tabClient ??= new RealtimeClient(options);
  return tabClient;
}
