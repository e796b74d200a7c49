import { clusterConnections, clusterReach, clusterStats, revokeEverywhere } from "./cluster-wide";
import type { RealtimeHub } from "./hub";
import type { RealtimeNode } from "./node";
import type { Publisher } from "./publishing";
import { rooms } from "./rooms";

/** The hub the domain publishes to and asks (lib/realtime/hub.ts), over this node and, through Redis, the others. */
export function nodeHub(node: RealtimeNode, publisher: Pick<Publisher, "publish">): RealtimeHub {
  const { telemetry } = node;
  return {
    publish: (events) => publisher.publish(events),
    async countSockets(targets) {
      const sockets = await clusterReach(node, targets);
      return sockets.websocket + sockets.polling;
    },
    stats: () => clusterStats(node),
    metrics: () => telemetry.metrics(),
    httpPoll: (userId) => telemetry.httpPoll(userId),
    metricsContentType: telemetry.contentType,
    connections: () => clusterConnections(node),
    async connectionStatus(userId) {
      const transports = await clusterReach(node, [rooms.user(userId)]);
      const sockets = transports.websocket + transports.polling;
      return { online: sockets > 0, sockets, transports };
    },
    redis: () => node.cluster?.status(),
    revokeUser: (userId, revokedAt) => revokeEverywhere(node, userId, revokedAt),
  };
}
