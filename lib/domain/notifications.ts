import type { Caller, Role } from "../auth/identity";
import { db, type Tx } from "../db/client";
import { rooms } from "../realtime/rooms";
import { invalid } from "./errors";
import {
  announcementView,
  newestFirst,
  type NotificationsReadData,
  type NotificationType,
  type NotificationView,
} from "./notification-view";
import { transaction } from "./transaction";

export type { NotificationView } from "./notification-view";

/**
 * The inbox: a user's own notification rows merged with the announcements addressed to
 * them. An announcement is one row for everyone, so its read state is one timestamp per
 * user (`User.announcementsReadAt`): every announcement created at or before it is read.
 */

type Reader = Pick<Tx, "notification" | "announcement" | "user" | "notificationPreference">;
type Keyset = { createdAt: Date; id: string };

/** Announcements for everyone, or for a list of roles that names this one. */
function addressedTo(role: Role) {
  return {
    OR: [
      { roles: "" },
      { roles: role },
      { roles: { startsWith: `${role},` } },
      { roles: { endsWith: `,${role}` } },
      { roles: { contains: `,${role},` } },
    ],
  };
}

/** Rows after the anchor in newest-first (createdAt, id) order; ids break ties between equal times. */
function olderThan(anchor: Keyset | null) {
  if (!anchor) return {};
  return { OR: [{ createdAt: { lt: anchor.createdAt } }, { createdAt: anchor.createdAt, id: { lt: anchor.id } }] };
}

async function announcementsReadAt(tx: Reader, userId: string): Promise<Date | null> {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { announcementsReadAt: true } });
  return user?.announcementsReadAt ?? null;
}

type AnnouncementFilter = ReturnType<typeof addressedTo> | { AND: object[] };

/**
 * The announcements the caller's inbox holds: those addressed to their role, and only the
 * critical ones while they mute the system inbox (announcements are the system's voice,
 * and critical items cannot be muted: lib/domain/preference-rules.ts).
 */
async function inboxAnnouncements(tx: Reader, caller: Caller): Promise<AnnouncementFilter> {
  const system = await tx.notificationPreference.findUnique({ where: { userId_kind: { userId: caller.id, kind: "system" } }, select: { inbox: true } });
  return system?.inbox === false ? { AND: [addressedTo(caller.role), { level: "critical" }] } : addressedTo(caller.role);
}

function unreadAnnouncements(shown: AnnouncementFilter, readAt: Date | null) {
  return { AND: [shown, readAt ? { createdAt: { gt: readAt } } : {}] };
}

async function unreadCount(tx: Reader, caller: Caller, shown: AnnouncementFilter, readAt: Date | null): Promise<number> {
  // One after the other: inside a transaction both go to its one connection, which answers
  // one query at a time (node-postgres warns of overlapping ones).
  const notifications = await tx.notification.count({ where: { userId: caller.id, readAt: null } });
  return notifications + (await tx.announcement.count({ where: unreadAnnouncements(shown, readAt) }));
}

/** The item a cursor names, which must be one of the caller's own or addressed to them. */
async function anchorOf(caller: Caller, cursor: string): Promise<Keyset> {
  const anchor =
    (await db().notification.findFirst({ where: { id: cursor, userId: caller.id }, select: { id: true, createdAt: true } })) ??
    (await db().announcement.findFirst({ where: { id: cursor, ...addressedTo(caller.role) }, select: { id: true, createdAt: true } }));
  if (!anchor) throw invalid("cursor", "is not an item of your inbox");
  return anchor;
}

export type ListNotificationsQuery = { cursor?: string; limit: number; unread: boolean; types?: NotificationType[] };

/**
 * The caller's inbox, newest first, paged by cursor (the id of the last item of the
 * previous page). Notifications and announcements share one keyset, (createdAt, id), so a
 * page boundary never skips or repeats an item, whichever kind it is. `unread` counts all
 * unread items, whatever the filters.
 */
export async function listNotifications(caller: Caller, query: ListNotificationsQuery) {
  const [readAt, shown] = await Promise.all([announcementsReadAt(db(), caller.id), inboxAnnouncements(db(), caller)]);
  const anchor = query.cursor ? await anchorOf(caller, query.cursor) : null;
  const rowTypes = query.types?.filter((type) => type !== "announcement");
  const withAnnouncements = !query.types || query.types.includes("announcement");
  const take = query.limit + 1;

  const [rows, announcements, unread] = await Promise.all([
    rowTypes?.length === 0
      ? []
      : db().notification.findMany({
          where: {
            AND: [
              { userId: caller.id },
              rowTypes ? { type: { in: rowTypes } } : {},
              query.unread ? { readAt: null } : {},
              olderThan(anchor),
            ],
          },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take,
        }),
    withAnnouncements
      ? db().announcement.findMany({
          where: { AND: [query.unread ? unreadAnnouncements(shown, readAt) : shown, olderThan(anchor)] },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          include: { author: { select: { name: true } } },
          take,
        })
      : [],
    unreadCount(db(), caller, shown, readAt),
  ]);

  const items: NotificationView[] = [
    ...rows.map((row) => ({
      id: row.id,
      type: row.type as NotificationType,
      title: row.title,
      body: row.body,
      priority: row.priority,
      data: JSON.parse(row.data) as Record<string, unknown>,
      createdAt: row.createdAt.toISOString(),
      read: row.readAt !== null,
    })),
    ...announcements.map((a) =>
      announcementView(
        { id: a.id, message: a.message, level: a.level, author: a.author.name, createdAt: a.createdAt.toISOString() },
        readAt !== null && a.createdAt <= readAt,
      ),
    ),
  ].sort(newestFirst);
  // Each kind brought up to limit+1 items past the anchor, so the merged first `limit` are
  // the true next page, and anything beyond them means there is more.
  const page = items.slice(0, query.limit);
  return { notifications: page, unread, nextCursor: items.length > query.limit ? page[page.length - 1].id : null };
}

/**
 * Marks the caller's own items read: notifications by id, announcements by moving the
 * caller's mark up to the newest one named (never back), or everything with `{all:true}`.
 * Ids that are not the caller's are ignored. After the write, every tab of the caller hears
 * `notifications:read` with what changed and the new unread count.
 */
export async function markNotificationsRead(caller: Caller, which: { ids: string[] } | { all: true }): Promise<{ unread: number }> {
  return transaction(async (outbox) => {
    const { tx } = outbox;
    const now = new Date();
    const readAt = await announcementsReadAt(tx, caller.id);
    const shown = await inboxAnnouncements(tx, caller); // after, not beside: see unreadCount
    let newReadAt = readAt;
    /** What changed, for the other tabs; null for everything. */
    let markedIds: string[] | null = null;

    if ("all" in which) {
      await tx.notification.updateMany({ where: { userId: caller.id, readAt: null }, data: { readAt: now } });
      newReadAt = readAt && readAt > now ? readAt : now;
    } else {
      const own = await tx.notification.findMany({ where: { userId: caller.id, readAt: null, id: { in: which.ids } }, select: { id: true } });
      markedIds = own.map((n) => n.id);
      if (markedIds.length) await tx.notification.updateMany({ where: { id: { in: markedIds } }, data: { readAt: now } });
      // Reading an announcement reads every one before it: the mark moves to the newest named.
      const newest = await tx.announcement.findFirst({
        where: { AND: [{ id: { in: which.ids } }, unreadAnnouncements(addressedTo(caller.role), readAt)] },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: { id: true, createdAt: true },
      });
      if (newest) {
        newReadAt = newest.createdAt;
        markedIds.push(newest.id);
      }
    }

    if (newReadAt !== readAt) await tx.user.update({ where: { id: caller.id }, data: { announcementsReadAt: newReadAt } });
    const unread = await unreadCount(tx, caller, shown, newReadAt);
    if (markedIds === null || markedIds.length > 0) {
      const data: NotificationsReadData = markedIds === null ? { all: true, unread } : { ids: markedIds, unread };
      outbox.broadcast("notifications:read", data, [rooms.user(caller.id)]);
    }
    return { unread };
  });
}
