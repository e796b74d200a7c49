import { createAdapter } from "@socket.io/redis-streams-adapter";
import { createClient } from "redis";
import { logger } from "../logger";

/**
 * The link between this node and the others: a Redis client that carries the Socket.IO
 * Redis Streams adapter (rooms, broadcasts, server-side questions, and the sessions of
 * connection state recovery, shared by every node).
 *
 * A Redis outage must not stop a node from serving its own clients. Two things stand in the
 * way: the adapter delivers a broadcast locally only after Redis has stored it (to stamp its
 * recovery offset), and node-redis queues commands while disconnected, so every broadcast
 * would wait for Redis; and a reconnecting socket would wait on Redis for its old session.
 * So the adapter's client does not queue (`disableOfflineQueue`): while the link is down its
 * commands fail at once, the adapter delivers broadcasts to this node's sockets only (it
 * catches a failed publish), and sessions start fresh (Socket.IO catches a failed restore).
 * What the adapter fires and forgets, or would not catch, is answered by the client it is
 * given (`adapterClient`): cluster-wide questions are answered by this node alone. The link
 * reports when it goes down and comes back, so the server can tell clients to catch up on
 * what crossed nodes in between.
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

/** The link's client does not queue commands while Redis is away: they fail at once (see above). */
const linkClient = (url: string) => createClient({ url, disableOfflineQueue: true });
type RedisClient = ReturnType<typeof linkClient>;

/**
 * The client the adapter is given: the link's own, as far as the adapter uses it, with
 * answers instead of failures where a failure would go unobserved or leave a question
 * waiting. Its publishes (server-side questions and their answers, fire and forget) and
 * session writes (fire and forget) that Redis cannot take are lost, as they would be
 * anyway, rather than rejected at nobody; its count of nodes (`PUBSUB NUMSUB`, asked before
 * every server-side question, which waits for that many answers) is this node alone, so the
 * question is answered by it at once instead of never.
 */
function adapterClient(client: RedisClient) {
  return {
    // How the adapter recognises node-redis (it subscribes on a duplicate, never on this one).
    sSubscribe: client.sSubscribe.bind(client),
    // The stream readers and the subscriber wait for Redis to come back, queued, rather
    // than fail at once and poll again in a loop.
    duplicate: () => client.duplicate({ disableOfflineQueue: false }),
    xAdd: client.xAdd.bind(client),
    xRange: client.xRange.bind(client),
    multi: client.multi.bind(client),
    publish: (channel: string, message: Buffer) => client.publish(channel, message).catch(() => 0),
    set: (key: string, value: string, options: { PX: number }) => client.set(key, value, options).catch(() => null),
    sendCommand: (args: string[]) =>
      client.sendCommand(args).catch((error: unknown) => {
        if (args[0] === "PUBSUB" && args[1] === "NUMSUB") return [args[2], 1];
        throw error;
      }),
  };
}

export async function connectCluster(
  url: string,
  prefix: string,
  recoveryMaxPackets: number,
  events: { onDown(): void; onUp(): void },
): Promise<ClusterLink> {
  const log = logger();
  const client = linkClient(url);
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

  const adapter = createAdapter(adapterClient(client), {
    streamName: `${prefix}:socket.io`,
    channelPrefix: `${prefix}:socket.io`,
    sessionKeyPrefix: `${prefix}:sio:session:`,
    // The stream is recovery's store: about this many of the newest broadcasts (trimmed with `~`).
    maxLen: recoveryMaxPackets,
  });

  return {
    adapter,
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
