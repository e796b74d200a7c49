import { io, type Socket } from "socket.io-client";
import { MAX_POLLED_ROOMS } from "../polling";
import type { Ack, AckError, ClientEventName, ClientEventPayload, ClientEventResults, ClientToServerEvents, ServerToClientEvents } from "../protocol";
import type { RealtimeClientOptions, Timing } from "./options";

export type SyncPage = ClientEventResults["sync"];
/** A page of missed events, or the server's refusal (CURSOR_EXPIRED, DB_UNAVAILABLE, OFFLINE…). */
export type SyncAnswer = { ok: true; page: SyncPage } | { ok: false; error: AckError["error"] };

/** A random id for this tab that the load balancer hashes to pick its node. */
function affinityId(): string {
  return Math.random().toString(36).slice(2, 12);
}

/**
 * The two ways to the server: the socket (client events with acks) and plain HTTP, both
 * with the session cookie or the bearer token, and the tab's `affinity` id on the socket.
 */
export class ServerLink {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private readonly origin: string;
  private readonly httpHeaders: Record<string, string>;

  constructor(options: RealtimeClientOptions, timing: Timing) {
    this.origin = options.url ?? "";
    this.httpHeaders = options.token ? { authorization: `Bearer ${options.token}` } : {};
    const socketOptions = {
      path: "/socket.io",
      query: { affinity: affinityId() },
      auth: options.token ? { token: options.token } : {},
      transports: ["websocket"],
      autoConnect: false,
      withCredentials: true,
      reconnectionDelay: timing.reconnectDelayMs,
      reconnectionDelayMax: timing.reconnectDelayMaxMs,
      randomizationFactor: 0.5,
      // A connection attempt that has not completed in 5 s counts as failed: some proxies
      // accept the upgrade and then say nothing, which would otherwise wait 20 s.
      timeout: 5000,
    };
    this.socket = options.url ? io(options.url, socketOptions) : io(socketOptions);
  }

  get connected(): boolean {
    return this.socket.connected;
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

  /** A GET over HTTP, never cached. */
  get(path: string): Promise<Response> {
    return fetch(`${this.origin}${path}`, { credentials: "same-origin", cache: "no-store", headers: this.httpHeaders });
  }

  /**
   * The durable events after `since` that reach this client: `sync` on the socket when
   * connected, else GET /api/realtime/events naming the `rooms` too (`sync` reads them from
   * the socket; a poll must not skip their events). Throws when the HTTP request fails.
   */
  async syncPage(since: number, rooms: string[]): Promise<SyncAnswer> {
    if (this.socket.connected) {
      const synced = await this.request("sync", { since });
      return synced.ok ? { ok: true, page: synced } : synced;
    }
    const polled = rooms.slice(0, MAX_POLLED_ROOMS).join(",");
    const response = await this.get(`/api/realtime/events?since=${since}${polled ? `&rooms=${encodeURIComponent(polled)}` : ""}`);
    if (response.status === 410 || response.status === 400) return { ok: false, ...((await response.json()) as Pick<AckError, "error">) };
    if (!response.ok) throw new Error(`events: ${response.status}`);
    return { ok: true, page: await response.json() };
  }
}
