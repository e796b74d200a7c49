import type { Caller } from "../auth/identity";
import { db, type Tx } from "../db/client";
import { rooms } from "../realtime/rooms";
import {
  DEFAULT_PREFERENCES,
  NOTIFICATION_KINDS,
  type NotificationChannel,
  type NotificationKind,
  type NotificationPreferences,
} from "./preference-rules";
import { transaction } from "./transaction";

/**
 * Each user's notification preferences, one row per kind they changed (no row: both
 * channels on). The inbox writer (Outbox.notify in ./transaction) reads one kind's row per notification;
 * the browser gets the whole set with the page and keeps it current through
 * `preferences:updated`.
 */

type Reader = Pick<Tx, "notificationPreference">;

export type PreferenceChanges = Partial<Record<NotificationKind, Partial<Record<NotificationChannel, boolean>>>>;

/** Every kind's channels for a user, defaults filled in. */
export async function preferencesOf(userId: string, reader: Reader = db()): Promise<NotificationPreferences> {
  const rows = await reader.notificationPreference.findMany({ where: { userId } });
  const preferences = structuredClone(DEFAULT_PREFERENCES);
  for (const row of rows) {
    if (row.kind in preferences) preferences[row.kind as NotificationKind] = { toast: row.toast, inbox: row.inbox };
  }
  return preferences;
}

/**
 * Applies the caller's changes (only the kinds and channels named) and returns the whole
 * set. Every tab of the caller hears `preferences:updated`, so toasts follow at once.
 */
export async function updatePreferences(caller: Caller, changes: PreferenceChanges): Promise<{ preferences: NotificationPreferences }> {
  return transaction(async (outbox) => {
    const current = await preferencesOf(caller.id, outbox.tx);
    for (const kind of NOTIFICATION_KINDS) {
      const change = changes[kind];
      if (!change) continue;
      // Only the channels named are written, so two tabs changing different channels of
      // one kind at once both keep their change.
      const row = await outbox.tx.notificationPreference.upsert({
        where: { userId_kind: { userId: caller.id, kind } },
        create: { userId: caller.id, kind, ...current[kind], ...change },
        update: change,
        select: { toast: true, inbox: true },
      });
      current[kind] = row;
    }
    outbox.broadcast("preferences:updated", { preferences: current }, [rooms.user(caller.id)]);
    return { preferences: current };
  });
}
