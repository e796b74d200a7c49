import { randomUUID } from "node:crypto";
import { statesOf } from "../auth/access-policy";
import { db } from "../db/client";
import { isDatabaseUnavailable } from "../db/errors";
import { logger } from "../logger";
import { services } from "../services";

/**
 * The other party of every still-open booking of each user, in one query for the whole
 * batch: a burst of connections (a deploy, a network blip) asks once, not once per user.
 */
export async function counterpartsOfMany(userIds: string[]): Promise<string[][]> {
  const distinct = [...new Set(userIds)];
  const bookings = await openBookingPairs(distinct);
  const counterparts = new Map(userIds.map((id) => [id, new Set<string>()]));
  for (const { clientId, providerId } of bookings) {
    counterparts.get(clientId)?.add(providerId);
    counterparts.get(providerId)?.add(clientId);
  }
  return userIds.map((id) => [...counterparts.get(id)!]);
}

/** The booking states in which its two parties see each other's presence (`booking.presence`). */
const PRESENCE_STATES = statesOf("booking.presence");

/**
 * The (client, provider) pairs of the users' open bookings. Every handshake asks (batched):
 * on SQLite one statement on the driver, its ids bound as one JSON array, since the plan
 * Prisma compiles changes with the number of ids and cost more than the query.
 */
async function openBookingPairs(userIds: string[]): Promise<{ clientId: string; providerId: string }[]> {
  const { sqlite } = services().database;
  if (sqlite) {
    const ids = JSON.stringify(userIds);
    const rows = await (
      await sqlite.statements()
    ).all(
      `SELECT DISTINCT "clientId", "providerId" FROM "Booking" WHERE "status" IN (${PRESENCE_STATES.map(() => "?").join(", ")})
        AND ("clientId" IN (SELECT value FROM json_each(?)) OR "providerId" IN (SELECT value FROM json_each(?)))`,
      [...PRESENCE_STATES, ids, ids],
    );
    return rows as { clientId: string; providerId: string }[];
  }
  return db().booking.findMany({
    where: { status: { in: [...PRESENCE_STATES] }, OR: [{ clientId: { in: userIds } }, { providerId: { in: userIds } }] },
    select: { clientId: true, providerId: true },
    distinct: ["clientId", "providerId"],
  });
}

/**
 * Users per lookup: each id is bound twice, and Prisma refuses a SQLite query with more than
 * 999 bound values (P2029), which a mass disconnect of 500 users at once used to reach.
 */
export const COUNTERPARTS_PER_LOOKUP = 400;

/**
 * Who should hear that a user came online or went away: the other party of every booking
 * they share that is still open, plus the admin room (added by the caller).
 */
export function counterpartsOf(userId: string): Promise<string[]> {
  return services().counterparts.submit(userId);
}

export type SessionWrite =
  | { kind: "open"; id: string; userId: string; socketId: string; node: string; transport: string }
  | { kind: "upgrade"; id: string; transport: string }
  | { kind: "close"; id: string };

/**
 * One transaction for every session write that queued up while the previous one ran:
 * rows created, then upgrades, then closes (so a session opened and closed in the same
 * batch ends closed). A close is stamped with the batch's time, at most one write late.
 */
export async function writeSessions(writes: SessionWrite[]): Promise<null[]> {
  try {
    await writeSessionBatch(writes);
  } catch (error) {
    if (writes.length === 1 || isDatabaseUnavailable(error)) throw error;
    // One bad row (a user deleted while their token still holds) must not cost the rest theirs.
    for (const write of writes) await writeSessionBatch([write]).catch((failed: unknown) => logSessionWriteFailure(failed, write));
  }
  return writes.map(() => null);
}

async function writeSessionBatch(writes: SessionWrite[]): Promise<void> {
  const opens = writes.flatMap((w) => (w.kind === "open" ? [{ id: w.id, userId: w.userId, socketId: w.socketId, node: w.node, transport: w.transport }] : []));
  const upgrades = new Map<string, string[]>();
  for (const w of writes) if (w.kind === "upgrade") upgrades.set(w.transport, [...(upgrades.get(w.transport) ?? []), w.id]);
  const closes = writes.flatMap((w) => (w.kind === "close" ? [w.id] : []));
  const now = new Date();
  // Every handshake writes here: on SQLite, straight on the driver (the plans Prisma
  // compiles for a batch's createMany grow with its rows, and were most of its cost).
  const { sqlite } = services().database;
  if (sqlite) {
    // Each kind of write is one statement whatever the batch holds: its rows bound as one JSON array.
    await sqlite.transaction(async (sql) => {
      if (opens.length) {
        await sql.run(
          `INSERT INTO "ConnectionSession" ("id", "userId", "socketId", "node", "transport", "connectedAt")
            SELECT value ->> 'id', value ->> 'userId', value ->> 'socketId', value ->> 'node', value ->> 'transport', ? FROM json_each(?)`,
          [now, JSON.stringify(opens)],
        );
      }
      for (const [transport, ids] of upgrades) await sql.run(`UPDATE "ConnectionSession" SET "transport" = ? WHERE "id" IN (SELECT value FROM json_each(?))`, [transport, JSON.stringify(ids)]);
      if (closes.length) await sql.run(`UPDATE "ConnectionSession" SET "disconnectedAt" = ? WHERE "id" IN (SELECT value FROM json_each(?))`, [now, JSON.stringify(closes)]);
    });
    return;
  }
  await db().$transaction([
    ...(opens.length ? [db().connectionSession.createMany({ data: opens })] : []),
    ...[...upgrades].map(([transport, ids]) => db().connectionSession.updateMany({ where: { id: { in: ids } }, data: { transport } })),
    ...(closes.length ? [db().connectionSession.updateMany({ where: { id: { in: closes } }, data: { disconnectedAt: now } })] : []),
  ]);
}

function logSessionWriteFailure(error: unknown, write: SessionWrite): void {
  logger().warn({ err: error, code: "SESSION_WRITE_FAILED", kind: write.kind });
}

/** Queues a write; a failure is logged and never reaches the connection. */
function queue(write: SessionWrite): void {
  services()
    .sessionWrites.submit(write)
    .catch((error: unknown) => logSessionWriteFailure(error, write));
}

/**
 * Connection sessions in the database: who connected, from which node, over which
 * transport, when, and until when. Writes are off the connection's path: they are queued
 * and written in batches (BatchQueue), so a burst of handshakes costs a few transactions,
 * and they never delay or fail a connection.
 */
export const connectionSessions = {
  /** Queues the session's row and returns its id at once. */
  open(input: { userId: string; socketId: string; node: string; transport: string }): string {
    const id = randomUUID();
    queue({ kind: "open", id, ...input });
    return id;
  },
  upgrade(id: string, transport: string): void {
    queue({ kind: "upgrade", id, transport });
  },
  close(id: string): void {
    queue({ kind: "close", id });
  },
  /** Resolves once every queued session write has been written (at shutdown). */
  async flush(): Promise<void> {
    await services().sessionWrites.flush();
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
