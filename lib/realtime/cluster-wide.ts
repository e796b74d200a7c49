import type { ConnectionInfo } from "./hub";
import { localConnections, localReach, localStats, type RealtimeNode } from "./node";
import { mergeNodeStats, sumReach, type NodeStats, type Transports } from "./node-stats";
import type { Stats } from "./protocol";
import { rooms } from "./rooms";

/**
 * The figures of every node: this node's own, plus the other nodes' answers to the
 * questions of lib/realtime/node-stats.ts (none without Redis, or while Redis is down).
 */

/** How long sign out everywhere waits for the other nodes to hear of it before dropping the sockets (they also read it within a second by themselves). */
const REVOKE_QUESTION_DEADLINE_MS = 1000;

/**
 * Asks every other node and resolves with the answers that came; a node that does not
 * answer within the adapter's timeout (5 s) is left out rather than failing the question.
 */
function askOtherNodes<A>(node: RealtimeNode, ask: (answered: (error: Error | null, answers: A[]) => void) => void): Promise<A[]> {
  if (!node.cluster) return Promise.resolve([]);
  return new Promise((resolve) => ask((_error, answers) => resolve(answers ?? [])));
}

export async function clusterStats(node: RealtimeNode): Promise<Stats> {
  const others = await askOtherNodes<NodeStats>(node, (answered) => node.io.serverSideEmit("node:stats", answered));
  return mergeNodeStats([localStats(node), ...others]);
}

export async function clusterConnections(node: RealtimeNode): Promise<ConnectionInfo[]> {
  const others = await askOtherNodes<ConnectionInfo[]>(node, (answered) => node.io.serverSideEmit("node:connections", answered));
  return [localConnections(node), ...others].flat();
}

/** Sockets the audience keys reach on every node, by transport. */
export async function clusterReach(node: RealtimeNode, targets: string[]): Promise<Transports> {
  const [here, others] = await Promise.all([
    localReach(node, targets),
    askOtherNodes<Transports>(node, (answered) => node.io.serverSideEmit("node:reach", targets, answered)),
  ]);
  return sumReach([here, ...others]);
}

/**
 * Sockets the audience keys reach on the other nodes, as far as they answer within
 * `deadlineMs` (a node that died is still asked until its heartbeat is missed, and a
 * handshake must not wait for it): a count that may fall short, never one that waits.
 */
export async function otherNodesReach(node: RealtimeNode, targets: string[], deadlineMs: number): Promise<number> {
  if (!node.cluster) return 0;
  const answers = askOtherNodes<Transports>(node, (answered) => node.io.serverSideEmit("node:reach", targets, answered));
  const late = new Promise<Transports[]>((resolve) => setTimeout(() => resolve([]), deadlineMs).unref());
  const { websocket, polling } = sumReach(await Promise.race([answers, late]));
  return websocket + polling;
}

/**
 * Sign out everywhere: every node refuses the user's old credentials before their sockets
 * are dropped, so a socket cannot reconnect with one to a node that has not heard yet.
 */
export async function revokeEverywhere(node: RealtimeNode, userId: string, revokedAt: Date): Promise<void> {
  await Promise.race([
    askOtherNodes<boolean>(node, (answered) => node.io.serverSideEmit("node:revoked", userId, revokedAt.getTime(), answered)),
    new Promise((resolve) => setTimeout(resolve, REVOKE_QUESTION_DEADLINE_MS).unref()),
  ]);
  node.io.in(rooms.user(userId)).disconnectSockets(true);
}
