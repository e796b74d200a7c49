import { invalid } from "../api/errors";
import type { Caller } from "../auth/identity";
import { db } from "../db/client";

export type NotificationView = {
  id: string;
  type: string;
  title: string;
  body: string;
  priority: string;
  data: Record<string, unknown>;
  createdAt: string;
  read: boolean;
};

function unreadCount(userId: string) {
  return db().notification.count({ where: { userId, readAt: null } });
}

/**
 * The caller's inbox, newest first, paged by cursor (the id of the last item of the
 * previous page). Ordering is by (createdAt, id) so a page boundary never skips or
 * repeats an item that shares a timestamp.
 */
export async function listNotifications(caller: Caller, query: { cursor?: string; limit: number; unread: boolean }) {
  const own = { userId: caller.id, ...(query.unread ? { readAt: null } : {}) };
  let after = {};
  if (query.cursor) {
    const anchor = await db().notification.findFirst({ where: { id: query.cursor, userId: caller.id } });
    if (!anchor) throw invalid("cursor", "is not a notification in your inbox");
    after = {
      OR: [{ createdAt: { lt: anchor.createdAt } }, { createdAt: anchor.createdAt, id: { lt: anchor.id } }],
    };
  }
  const rows = await db().notification.findMany({
    where: { ...own, ...after },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const notifications: NotificationView[] = page.map((row) => ({
    id: row.id,
    type: row.type,
    title: row.title,
    body: row.body,
    priority: row.priority,
    data: JSON.parse(row.data) as Record<string, unknown>,
    createdAt: row.createdAt.toISOString(),
    read: row.readAt !== null,
  }));
  return {
    notifications,
    unread: await unreadCount(caller.id),
    nextCursor: rows.length > query.limit ? page[page.length - 1].id : null,
  };
}

/** Marks the caller's own notifications read (others' ids are silently not theirs to mark). */
export async function markNotificationsRead(caller: Caller, which: { ids: string[] } | { all: true }) {
  await db().notification.updateMany({
    where: { userId: caller.id, readAt: null, ...("ids" in which ? { id: { in: which.ids } } : {}) },
    data: { readAt: new Date() },
  });
  return { unread: await unreadCount(caller.id) };
}
