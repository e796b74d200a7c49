import { allows, allowsAsParty } from "../auth/access-policy";
import type { Caller } from "../auth/identity";
import { db, inSlices } from "../db/client";
import { Prisma } from "../generated/sqlite/client";
import { rooms } from "../realtime/rooms";
import { eventLog } from "../db/event-log/event-log";
import type { Envelope } from "../realtime/protocol";
import { DomainError, invalid } from "./errors";
import { eventLogFloor } from "./retention";

/**
 * Catch-up: the durable events addressed to a caller after a cursor, oldest first. The
 * same function answers the socket's `sync` and the polling route, so both return the same
 * events for the same cursor, and both refuse a cursor the retention clean-up has trimmed
 * past (CURSOR_EXPIRED) or one this log never issued (CURSOR_INVALID). Every answer names
 * the log's epoch, so a client can tell a cursor of another database's log.
 *
 * A caller is addressed by exactly the rooms their socket is in, so what `sync` returns is
 * what a socket that never left would have heard: their user key, their role, everyone,
 * their standing rooms (`standingRooms`), and the rooms they subscribed to (a socket's
 * subscriptions, or the polling route's `rooms=`).
 */
export function audienceKeys(caller: Caller, extraRooms: Iterable<string> = []): string[] {
  return [...new Set([rooms.user(caller.id), rooms.role(caller.role), rooms.everyone, ...standingRooms(caller), ...extraRooms])];
}

/**
 * The rooms the server puts every socket of a caller in, besides their user and role rooms,
 * as the access policy admits them without asking (lib/auth/access-policy.ts): `admin` for
 * admins and staff (`room.admin`), their own `provider:<id>` for a provider (`room.provider`).
 */
export function standingRooms(caller: Caller): string[] {
  const standing: string[] = [];
  if (allows("room.admin", caller)) standing.push(rooms.admin);
  if (allowsAsParty("room.provider", caller, { providerId: caller.id })) standing.push(rooms.provider(caller.id));
  return standing;
}

export const CATCH_UP_DEFAULT_LIMIT = 500;

/**
 * Catch-up from a cursor older than what retention kept would silently miss events, so it
 * is refused: 410 over HTTP, `ok:false` over `sync`. `cursor` is the newest event id read
 * before answering: reload your state, then resume from it.
 */
export function cursorExpired(since: number, floor: number, cursor: number, epoch: string): DomainError {
  return new DomainError("gone", "CURSOR_EXPIRED", `Events after ${since} up to ${floor} are no longer kept; reload your state and resume from cursor ${cursor}`, {
    field: "since",
    details: { cursor, epoch },
  });
}

/**
 * A cursor past the newest event this log ever had was issued by another database's log
 * (a reset, a restore, a new PostgreSQL) or is corrupt: trusted, it would wait for ids that
 * mean something else here and miss everything meanwhile. Refused like an expired one.
 */
export function cursorInvalid(since: number, cursor: number, epoch: string): DomainError {
  return invalid("since", `${since} is past the newest event (${cursor}); reload your state and resume from cursor ${cursor}`, {
    code: "CURSOR_INVALID",
    details: { cursor, epoch },
  });
}

export async function eventsSince(
  caller: Caller,
  since: number,
  { limit = CATCH_UP_DEFAULT_LIMIT, extraRooms = [] as Iterable<string> } = {},
): Promise<{ events: Envelope[]; cursor: number; hasMore: boolean; epoch: string }> {
  // Read the newest id first and never look past it: ids commit in order (see events.ts),
  // so everything up to it is visible now, and a cursor of it skips nothing.
  const [latest, epoch] = await Promise.all([eventLog().latestId(), eventLog().epoch()]);
  if (latest < since) {
    // Retention may have removed every event up to a cursor it issued: that one is still good.
    const issued = Math.max(latest, await eventLogFloor());
    if (issued < since) throw cursorInvalid(since, issued, epoch);
  }
  if (latest <= since) return { events: [], cursor: since, hasMore: false, epoch };
  const keys = audienceKeys(caller, extraRooms);
  const matches = await db().$queryRaw<{ eventId: number | bigint }[]>(Prisma.sql`
    SELECT DISTINCT t."eventId" FROM "EventTarget" t
    WHERE t."eventId" > ${since} AND t."eventId" <= ${latest}
      AND t.target IN (${Prisma.join(keys)})
    ORDER BY t."eventId"
    LIMIT ${limit + 1}`);
  // One id past the page says whether there is more, so a client never asks for an empty last page.
  const hasMore = matches.length > limit;
  const ids = matches.slice(0, limit).map((row) => Number(row.eventId));
  const rows = (await inSlices(ids, (slice) => db().event.findMany({ where: { id: { in: slice } }, orderBy: { id: "asc" } }))).flat();
  const events = rows.map((row) => ({
    eventId: row.id,
    type: row.type,
    ts: row.createdAt.toISOString(),
    data: JSON.parse(row.payload) as unknown,
  }));
  // Read last: if no trim had passed the cursor by now, none had when the events were read.
  const floor = await eventLogFloor();
  if (since < floor) throw cursorExpired(since, floor, latest, epoch);
  return { events, cursor: hasMore ? ids[ids.length - 1] : latest, hasMore, epoch };
}
