import { createAdapter } from "@socket.io/redis-streams-adapter";
import { createClient } from "redis";
import type { Namespace } from "socket.io";
import { logger } from "../logger";

/**
 * The link between this node and the others: a Redis client that carries the Socket.IO
 * Redis Streams adapter (rooms, broadcasts, server-side questions, and the sessions of
 * connection state recovery, shared by every node).
 *
 * A Redis outage must not stop a node from serving its own clients. Two things stand in the
 * way, and the guard below removes both: the adapter delivers a broadcast locally only after
 * Redis has stored it (to stamp its recovery offset), and node-redis queues commands while
 * disconnected, so every broadcast would wait for Redis; and a reconnecting socket would
 * wait on Redis for its old session. While the link is down, the guarded adapter answers
 * at once: broadcasts go to this node's sockets only, sessions start fresh, and
 * cluster-wide questions are answered by this node alone. The link reports when it goes
 * down and comes back, so the server can tell clients to catch up on what crossed nodes
 * in between.
 */

export type RedisLinkStatus = "up" | "down";

export type ClusterLink = {
  /** The adapter factory for `new Server(..., { adapter })`. */
  adapter: ReturnType<typeof createAdapter>;
  status(): RedisLinkStatus;
  close(): Promise<void>;
};

/** How long start-up waits for Redis before serving alone (the link keeps trying). */
const CONNECT_WAIT_MS = 5000;
/**
 * How far back a node looks, when it sees its Redis link drop, for events that may not have
 * reached the others: in flight when it dropped, or stored but not yet read when Redis lost
 * its data. Far above how long the other nodes take to read a broadcast.
 */
const SHARE_LAG_MS = 5000;

/** The adapter methods that would wait on Redis, which the guard answers at once while it is down. */
type RedisBoundMethods = {
  doPublish(message: unknown): Promise<string>;
  doPublishResponse(requesterUid: string, response: unknown): Promise<void>;
  serverCount(): Promise<number>;
  persistSession(session: unknown): void;
  restoreSession(pid: string, offset: string): Promise<unknown>;
};

class RedisUnavailableError extends Error {
  constructor() {
    super("Redis is unavailable");
  }
}

export async function connectCluster(
  url: string,
  prefix: string,
  recoveryMaxPackets: number,
  events: { onDown(): void; onUp(): void },
): Promise<ClusterLink> {
  const log = logger();
  const client = createClient({ url });
  let status: RedisLinkStatus = "down";
  let everUp = false;

  const goneDown = (error?: Error) => {
    if (status !== "up") return; // once per outage, however many reconnection attempts fail
    status = "down";
    log.warn({ code: "REDIS_UNAVAILABLE", err: error }, "Redis link lost: serving this node's clients alone until it returns");
    events.onDown();
  };
  client.on("error", (error: Error) => goneDown(error));
  client.on("reconnecting", () => goneDown());
  client.on("ready", () => {
    if (status === "up") return;
    status = "up";
    if (everUp) {
      log.info({ code: "REDIS_RECOVERED" }, "Redis link back: clients catch up on what crossed nodes meanwhile");
      events.onUp();
    } else {
      log.info({ code: "REDIS_CONNECTED" });
    }
    everUp = true;
  });

  const connected = client.connect().then(() => true);
  const ready = await Promise.race([connected, new Promise<false>((resolve) => setTimeout(resolve, CONNECT_WAIT_MS, false).unref())]);
  if (!ready) log.warn({ code: "REDIS_UNAVAILABLE" }, "Redis does not answer yet: serving this node's clients alone until it does");

  const streams = createAdapter(client, {
    streamName: `${prefix}:socket.io`,
    channelPrefix: `${prefix}:socket.io`,
    sessionKeyPrefix: `${prefix}:sio:session:`,
    // The stream is recovery's store: about this many of the newest broadcasts (trimmed with `~`).
    maxLen: recoveryMaxPackets,
  });

  // A function, not an arrow: Socket.IO calls the adapter factory with `new`.
  function guarded(nsp: Namespace) {
    const adapter = streams(nsp);
    const methods = adapter as unknown as RedisBoundMethods;
    const down = () => !client.isReady;
    const doPublish = methods.doPublish.bind(adapter);
    const doPublishResponse = methods.doPublishResponse.bind(adapter);
    const serverCount = methods.serverCount.bind(adapter);
    const persistSession = methods.persistSession.bind(adapter);
    const restoreSession = methods.restoreSession.bind(adapter);
    methods.doPublish = (message) => (down() ? Promise.reject(new RedisUnavailableError()) : doPublish(message));
    methods.doPublishResponse = (uid, response) => (down() ? Promise.reject(new RedisUnavailableError()) : doPublishResponse(uid, response));
    methods.serverCount = () => (down() ? Promise.resolve(1) : serverCount());
    methods.persistSession = (session) => {
      if (!down()) persistSession(session);
    };
    methods.restoreSession = (pid, offset) => (down() ? Promise.reject(new RedisUnavailableError()) : restoreSession(pid, offset));
    return adapter;
  }

  return {
    adapter: guarded as unknown as ReturnType<typeof createAdapter>,
    status: () => status,
    async close() {
      // close() lets queued commands (the sessions of sockets just closed) finish first.
      await client.close().catch(() => client.destroy());
    },
  };
}

/**
 * Which durable events may not have reached the other nodes' sockets because of a Redis
 * outage: those published while the link was down, and those published shortly before it
 * was seen to drop. After the outage, clients catch up from just before the oldest of them
 * (`sync:required {since}`), since a client's own cursor may already be past them.
 */
export class UnsharedEvents {
  private recent: { id: number; at: number }[] = [];
  private since: number | null = null;

  published(eventId: number, linkUp: boolean): void {
    if (!linkUp) this.mark(eventId);
    const now = Date.now();
    this.recent.push({ id: eventId, at: now });
    while (this.recent.length && this.recent[0].at < now - SHARE_LAG_MS) this.recent.shift();
  }

  linkDown(): void {
    const oldest = this.recent.find((event) => event.at >= Date.now() - SHARE_LAG_MS);
    if (oldest) this.mark(oldest.id);
  }

  /** Where clients must catch up from now that the link is back; null when nothing may have been missed. */
  linkUp(): number | null {
    const since = this.since;
    this.since = null;
    return since;
  }

  private mark(eventId: number): void {
    this.since = Math.min(this.since ?? eventId - 1, eventId - 1);
  }
}
