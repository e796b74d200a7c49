import { db } from "../db/client";
import { logger } from "../logger";

/**
 * Who should hear that a user came online or went away: the other party of every booking
 * they share that is still open, plus the admin room (added by the caller).
 */
export async function counterpartsOf(userId: string): Promise<string[]> {
  const bookings = await db().booking.findMany({
    where: {
      status: { in: ["PENDING", "CONFIRMED", "IN_PROGRESS"] },
      OR: [{ clientId: userId }, { providerId: userId }],
    },
    select: { clientId: true, providerId: true },
    distinct: ["clientId", "providerId"],
  });
  return [...new Set(bookings.map((b) => (b.clientId === userId ? b.providerId : b.clientId)))];
}

/**
 * Connection sessions in the database: who connected, from which node, over which
 * transport, when, and until when. Writes never delay or fail a connection.
 */
export const connectionSessions = {
  async open(input: { userId: string; socketId: string; node: string; transport: string }): Promise<string | null> {
    try {
      return (await db().connectionSession.create({ data: input })).id;
    } catch (error) {
      logger().warn({ err: error, code: "SESSION_WRITE_FAILED" });
      return null;
    }
  },
  async upgrade(id: string | null, transport: string): Promise<void> {
    if (!id) return;
    await db().connectionSession.update({ where: { id }, data: { transport } }).catch((error: unknown) => {
      logger().warn({ err: error, code: "SESSION_WRITE_FAILED" });
    });
  },
  async close(id: string | null): Promise<void> {
    if (!id) return;
    await db().connectionSession.update({ where: { id }, data: { disconnectedAt: new Date() } }).catch((error: unknown) => {
      logger().warn({ err: error, code: "SESSION_WRITE_FAILED" });
    });
  },
  /** Sessions this node left open when it last stopped without saying goodbye. */
  async closeStale(node: string): Promise<void> {
    await db().connectionSession.updateMany({ where: { node, disconnectedAt: null }, data: { disconnectedAt: new Date() } });
  },
  async lastSeen(userId: string): Promise<string | null> {
    const last = await db().connectionSession.findFirst({
      where: { userId },
      orderBy: { connectedAt: "desc" },
      select: { connectedAt: true, disconnectedAt: true },
    });
    return (last?.disconnectedAt ?? last?.connectedAt)?.toISOString() ?? null;
  },
};
