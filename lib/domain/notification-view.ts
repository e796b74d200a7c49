/**
 * What an inbox item looks like, over HTTP, in `notification:new` and in the browser. Pure
 * (no database), so the browser can turn a live `announcement` into the same item the
 * server lists.
 */

export const NOTIFICATION_TYPES = ["booking", "payment", "payout", "chat", "system", "announcement"] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];
export type NotificationPriority = "low" | "medium" | "high" | "critical";
export type AnnouncementLevel = "info" | "warning" | "critical";

export type NotificationView = {
  id: string;
  type: NotificationType;
  title: string;
  body: string;
  priority: NotificationPriority;
  data: Record<string, unknown>;
  createdAt: string;
  read: boolean;
};

const PRIORITY_OF_LEVEL: Record<AnnouncementLevel, NotificationPriority> = { info: "medium", warning: "high", critical: "critical" };

/**
 * An announcement as an inbox item: one row serves everyone it is addressed to, so its
 * `read` is worked out per user (see lib/domain/notifications.ts).
 */
export function announcementView(
  announcement: { id: string; message: string; level: string; author: string; createdAt: string },
  read: boolean,
): NotificationView {
  const level = (announcement.level in PRIORITY_OF_LEVEL ? announcement.level : "info") as AnnouncementLevel;
  return {
    id: announcement.id,
    type: "announcement",
    title: "Announcement",
    body: announcement.message,
    priority: PRIORITY_OF_LEVEL[level],
    data: { level, author: announcement.author },
    createdAt: announcement.createdAt,
    read,
  };
}

/** The inbox's order: newest first by (createdAt, id), the keyset the server pages on. */
export function newestFirst(a: Pick<NotificationView, "createdAt" | "id">, b: Pick<NotificationView, "createdAt" | "id">): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1;
}

/** The `notifications:read` event: what was marked read in another tab (or this one), and the unread count after. */
export type NotificationsReadData = { ids?: string[]; all?: true; unread: number };
