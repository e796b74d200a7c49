import { eventLog } from "../db/event-log/event-log";
import { logger } from "../logger";
import type { UnsharedEvents } from "./cluster";
import { clusterStats } from "./cluster-wide";
import { DeliveryOrder, type LoggedEvent } from "./delivery-order";
import type { RealtimeHub } from "./hub";
import type { RealtimeNode } from "./node";
import { volatileEnvelope, type Envelope, type ServerEventName, type ServerEvents } from "./protocol";
import { rooms } from "./rooms";

const STATS_INTERVAL_MS = 2000;

export type Publisher = {
  publish: RealtimeHub["publish"];
  volatile<E extends ServerEventName>(type: E, data: ServerEvents[E], targets: string[]): void;
  /** The Redis link is back: clients catch up on what crossed nodes while it was down. */
  askClientsToCatchUp(): void;
  /** Stops the timers (the server is closing). */
  stop(): void;
};

/**
 * How events reach sockets. Volatile ones go to their audience on every node at once (no
 * order to keep, nothing to catch up). Durable ones reach this node's sockets in id order,
 * whichever node wrote them: the writer hands them to every node (`node:events`), and each
 * delivers them to its own sockets once the event before each has been
 * (lib/realtime/delivery-order.ts). `unshared` notes what may not have crossed to the other
 * nodes during a Redis outage.
 */
export async function startPublishing(node: RealtimeNode, unshared: UnsharedEvents): Promise<Publisher> {
  const { io, telemetry, cluster } = node;
  const log = logger();

  function emit(envelope: Envelope, targets: string[]): void {
    const operator = targets.includes(rooms.everyone) ? io : io.to(targets);
    operator.emit(envelope.type, envelope);
    telemetry.published(envelope.type, null);
  }

  function volatile<E extends ServerEventName>(type: E, data: ServerEvents[E], targets: string[]): void {
    if (targets.length) emit(volatileEnvelope(type, data), targets);
  }

  const order = new DeliveryOrder(await eventLog().latestId(), {
    emit(events) {
      for (const { envelope, targets } of events) {
        if (targets.length) (targets.includes(rooms.everyone) ? io.local : io.local.to(targets)).emit(envelope.type, envelope);
      }
    },
    read: (after, through) => eventLog().read(after, through),
    failed: (error) => log.warn({ err: error, code: "DELIVERY_GAP_UNREAD" }, "events another node wrote could not be read to fill a gap; trying again"),
  });
  io.on("node:events", (events) => order.accept(events));
  // Once a second the log's newest id says what this node owes, heard of or not.
  const owedTimer = setInterval(() => void eventLog().cursor().then((newest) => order.owe(newest), () => undefined), 1000);
  owedTimer.unref();

  /** Durable events written here: in order to this node's sockets, and to every other node. */
  function publishLogged(events: LoggedEvent[]): void {
    for (const { envelope } of events) {
      telemetry.published(envelope.type, envelope.ts);
      if (cluster) unshared.published(envelope.eventId!, cluster.status() === "up");
    }
    order.accept(events);
    if (cluster) io.serverSideEmit("node:events", events);
  }

  // Stats go to the admin room every 2 s, but only while someone is watching. Each node
  // pushes the cluster-wide figures to its own watchers only.
  const statsTimer = setInterval(async () => {
    if (!io.of("/").adapter.rooms.get(rooms.admin)?.size) return;
    try {
      const envelope = volatileEnvelope("stats:updated", await clusterStats(node));
      io.local.to(rooms.admin).emit("stats:updated", envelope);
      telemetry.published(envelope.type, null);
    } catch (error) {
      log.warn({ err: error, code: "STATS_FAILED" });
    }
  }, STATS_INTERVAL_MS);
  statsTimer.unref();

  return {
    publish(events) {
      const logged: LoggedEvent[] = [];
      for (const event of events) {
        if (event.envelope.eventId !== null && event.prev !== undefined) logged.push(event as LoggedEvent);
        else emit(event.envelope, event.targets);
      }
      if (logged.length) publishLogged(logged);
    },
    volatile,
    /**
     * What this node published while the link was down (or just before) never reached the
     * other nodes' sockets. Every socket (here, and through the adapter on every node) is
     * told to run its `sync` catch-up from before the first such event, which reads them
     * from the event log.
     */
    askClientsToCatchUp() {
      const since = unshared.linkUp();
      if (since !== null) volatile("sync:required", { since, reason: "redis-recovered", node: node.nodeId }, [rooms.everyone]);
    },
    stop() {
      clearInterval(statsTimer);
      clearInterval(owedTimer);
    },
  };
}
