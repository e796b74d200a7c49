import type { Caller } from "@/lib/auth/identity";
import type { ConnectionInfo } from "@/lib/realtime/hub";
import type { Stats } from "@/lib/realtime/protocol";

/** The socket id of the row that stands for the page's own connection until the first reload. */
export const THIS_PAGE_SOCKET = "this-page";

/**
 * The server's readings as they will be once the page being rendered connects, a moment
 * after it shows: read before that, they counted everyone but the viewer ("Staff 0" on the
 * staff monitor of a member of staff) and corrected themselves on the first push. The
 * viewer is one more connection, WebSocket (the browser tries it first) on the first node,
 * of their role; and one more person unless another tab of theirs is connected already.
 */
export function countingTheViewer(stats: Stats, connections: ConnectionInfo[], viewer: Caller, now = new Date()) {
  const newPerson = !connections.some((c) => c.userId === viewer.id);
  const totalClients = stats.clients.totalClients + 1;
  const [first, ...others] = stats.nodes;
  return {
    stats: {
      ...stats,
      nodes: first ? [{ ...first, connections: first.connections + 1 }, ...others] : [],
      connections: stats.connections + 1,
      users: stats.users + (newPerson ? 1 : 0),
      byRole: { ...stats.byRole, [viewer.role]: (stats.byRole[viewer.role] ?? 0) + 1 },
      transports: { ...stats.transports, websocket: stats.transports.websocket + 1 },
      clients: { ...stats.clients, totalClients, pollingShare: stats.clients.pollingClients / totalClients },
    },
    connections: [
      ...connections,
      {
        socketId: THIS_PAGE_SOCKET,
        userId: viewer.id,
        userName: viewer.name,
        role: viewer.role,
        transport: "websocket" as const,
        node: first?.id ?? "",
        connectedAt: now.toISOString(),
      },
    ],
  };
}
