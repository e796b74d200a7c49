import type { NotificationPriority, NotificationType } from "./notification-view";

/**
 * Notification preferences as data: per kind of notification and per channel, keep or
 * mute. Pure (no database), so the server applies them when it writes the inbox and the
 * browser when it raises toasts, by the same rule.
 *
 * Critical items cannot be muted: a failed payment or payout, a booking the other side
 * cancelled or an administrator declined, and critical announcements or system messages.
 * What is critical is decided where the notice is worded (lib/domain/notices.ts); here
 * it is only `priority === "critical"`.
 */

export const NOTIFICATION_KINDS = ["booking", "payment", "payout", "chat", "system"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_CHANNELS = ["toast", "inbox"] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** `true` keeps the channel for that kind, `false` mutes it. */
export type NotificationPreferences = Record<NotificationKind, Record<NotificationChannel, boolean>>;

export const DEFAULT_PREFERENCES: NotificationPreferences = Object.fromEntries(
  NOTIFICATION_KINDS.map((kind) => [kind, { toast: true, inbox: true }]),
) as NotificationPreferences;

/** The kind whose preference governs an inbox item type: announcements are the system's voice. */
export function kindOf(type: NotificationType): NotificationKind {
  return type === "announcement" ? "system" : type;
}

export function isCritical(priority: NotificationPriority): boolean {
  return priority === "critical";
}

/** Does this user want this item on this channel? Always, when it is critical. */
export function wantsOn(
  preferences: NotificationPreferences,
  channel: NotificationChannel,
  item: { type: NotificationType; priority: NotificationPriority },
): boolean {
  return isCritical(item.priority) || preferences[kindOf(item.type)][channel];
}
