import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { config } from "../config";
import { flushActivity } from "../domain/activity";
import { addSecurityHeaders } from "../http/security-headers";
import { connectCluster, UnsharedEvents } from "./cluster";
import { Admissions, guardHandshakes } from "./handshake";
import { registerRealtimeHub } from "./hub";
import { answerOtherNodes, countConnections, type RealtimeNode, type RealtimeServer } from "./node";
import { nodeHub } from "./node-hub";
import { connectionSessions } from "./presence";
import { startPublishing, type Publisher } from "./publishing";
import { boundedRecoveryAdapter } from "./recovery-store";
import { serveSockets } from "./sockets";
import { Telemetry } from "./telemetry";

/**
 * Attaches Socket.IO to the HTTP server and registers it as the realtime hub that the
 * domain publishes to. Identity comes from the next-auth cookie or `auth.token`
 * (lib/realtime/handshake.ts); every socket joins `user:<id>` and `role:<ROLE>`
 * (lib/realtime/sockets.ts); connection state recovery replays what a socket missed while
 * it was away for up to REALTIME_RECOVERY_MS.
 *
 * With REDIS_URL the nodes share rooms, broadcasts and recovery sessions through the Redis
 * Streams adapter, and answer each other's questions (stats, connections, reach), so
 * every figure is cluster-wide (lib/realtime/cluster-wide.ts). Without it this node is
 * alone, on the in-memory adapter; the code path is the same.
 */
export async function attachRealtime(httpServer: HttpServer) {
  const cfg = config();
  const unshared = new UnsharedEvents();
  // Set below, once the server exists; a link that comes back before that has published nothing to catch up on.
  let publisher: Publisher | undefined;
  const cluster = cfg.redisUrl
    ? await connectCluster(cfg.redisUrl, cfg.redisPrefix, cfg.realtime.recoveryMaxPackets, {
        onDown: () => unshared.linkDown(),
        onUp: () => publisher?.askClientsToCatchUp(),
      })
    : undefined;
  const io: RealtimeServer = new Server(httpServer, {
    path: "/socket.io",
    transports: ["polling", "websocket"],
    // Above any legal event; oversized events get a PAYLOAD_TOO_LARGE ack, not a dropped socket.
    maxHttpBufferSize: 1_000_000,
    connectionStateRecovery: { maxDisconnectionDuration: cfg.realtime.recoveryMs, skipMiddlewares: true },
    adapter: cluster ? cluster.adapter : boundedRecoveryAdapter(cfg.realtime.recoveryMaxPackets, cfg.realtime.recoveryMs),
  });

  // Socket.IO answers its own HTTP requests (the polling transport) without passing them to server.ts's handler.
  io.engine.on("headers", addSecurityHeaders);

  const pollingSockets = new Set<string>();
  const node: RealtimeNode = {
    io,
    nodeId: cfg.nodeId,
    startedAt: new Date(),
    telemetry: new Telemetry(() => countConnections({ io, pollingSockets })),
    cluster,
    pollingSockets,
  };
  answerOtherNodes(node);
  publisher = await startPublishing(node, unshared);
  const admitting = new Admissions();
  await guardHandshakes(node, admitting);
  serveSockets(node, admitting, publisher);

  registerRealtimeHub(nodeHub(node, publisher));
  void connectionSessions.closeStale(cfg.nodeId).catch(() => undefined);

  return {
    io,
    /**
     * Stops accepting sockets and closes the ones there are without a goodbye, so clients
     * reconnect (through the load balancer, to another node) and, with Redis, resume
     * their sessions there. Activity reported up to the close is written before it returns.
     */
    async close(): Promise<void> {
      publisher?.stop();
      registerRealtimeHub(undefined);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await flushActivity(); // after the close: no socket can report any more
      await connectionSessions.flush(); // the closes of the sockets just disconnected
      await cluster?.close();
    },
  };
}
