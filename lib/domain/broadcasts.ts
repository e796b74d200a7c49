import { audienceRooms } from "../auth/access-policy";
import type { Caller, Role } from "../auth/identity";
import { db, inSlices } from "../db/client";
import { services } from "../services";
import { rooms } from "../realtime/rooms";
import type { AnnouncementData, Envelope } from "../realtime/protocol";
import { invalid } from "./errors";
import { recordEvents, transaction, transactionWithEvents, type Priority } from "./transaction";

/**
 * Messages that are not a consequence of a booking: admin announcements and events that
 * internal services trigger. An announcement to everyone is one row and one durable event
 * to one audience key, never a row or an emit per user.
 */

export async function announce(author: Caller, input: { message: string; level: "info" | "warning" | "critical"; roles?: Role[] }) {
  const roles = input.roles ? [...new Set(input.roles)] : [];
  return transaction(async (outbox) => {
    const row = await outbox.tx.announcement.create({
      data: { authorId: author.id, message: input.message, level: input.level, roles: roles.join(",") },
    });
    const data: AnnouncementData = { id: row.id, message: row.message, level: input.level, author: author.name, roles: roles.length ? roles : null };
    outbox.event("announcement", data, roles.length ? roles.map(rooms.role) : [rooms.everyone]);
    const announcement = { ...data, createdAt: row.createdAt.toISOString() };
    outbox.event("announcement:sent", { announcement }, audienceRooms("announcement.send", {}));
    return { announcement };
  });
}

/** An announcement as the admins' list of sent ones shows it; `roles` null: to everyone. */
export type SentAnnouncement = { id: string; message: string; level: string; author: string; roles: Role[] | null; createdAt: string };

/** The newest announcements sent, newest first: what the admin page lists under its composer. */
export async function listSentAnnouncements(limit: number): Promise<SentAnnouncement[]> {
  const rows = await db().announcement.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    include: { author: { select: { name: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    message: row.message,
    level: row.level,
    author: row.author.name,
    roles: row.roles ? (row.roles.split(",") as Role[]) : null,
    createdAt: row.createdAt.toISOString(),
  }));
}

export type TriggerInput = {
  event: string;
  data?: unknown;
  to: { users?: string[]; roles?: Role[]; rooms?: string[] };
  durable: boolean;
  notification?: { title: string; body: string; priority: Priority };
};

export type DurableTrigger = { event: string; data: unknown; targets: string[]; notify: { users: string[]; notification: NonNullable<TriggerInput["notification"]> } | null };

/**
 * Durable triggers that arrive together are written together (group commit): one
 * transaction, one event-log insert, one commit for the batch. Each resolves with its own
 * event id once the batch has committed; the events of the batch keep their arrival order.
 */
export async function writeTriggers(triggers: DurableTrigger[]): Promise<number[]> {
  if (triggers.every((trigger) => !trigger.notify)) {
    return (await recordEvents(triggers.map(({ event, data, targets }) => ({ type: event, data, targets })))).map((e) => e.envelope.eventId!);
  }
  // Each trigger's place among the batch's durable events (its notifications, as the
  // users' preferences allow, come between).
  const places: number[] = [];
  const { events } = await transactionWithEvents(async (outbox) => {
    for (const trigger of triggers) {
      places.push(outbox.triggered(trigger.event, trigger.data, trigger.targets));
      if (trigger.notify) await outbox.notifyAll(trigger.notify.users, { type: "system", ...trigger.notify.notification, data: { event: trigger.event } });
    }
  });
  return places.map((place) => events[place].envelope.eventId!);
}

/**
 * Sends an event to users, roles and rooms. Durable ones are written to the event log (and,
 * with `notification`, to each named user's inbox) before they go out and before this
 * resolves; volatile ones are only broadcast. Returns the event id (null when volatile)
 * and the audience keys. Everything that can refuse a trigger is checked before it joins
 * a batch, so one caller's mistake never fails the others'.
 */
export async function triggerEvent(input: TriggerInput): Promise<{ eventId: number | null; targets: string[] }> {
  const users = [...new Set(input.to.users ?? [])];
  const targets = [...new Set([...users.map(rooms.user), ...(input.to.roles ?? []).map(rooms.role), ...(input.to.rooms ?? [])])];
  const data = input.data ?? null;
  if (!input.durable) {
    const envelope: Envelope = { eventId: null, type: input.event, ts: new Date().toISOString(), data };
    services().hub?.publish([{ envelope, targets }]);
    return { eventId: null, targets };
  }
  const known = (slice: string[]) => db().user.findMany({ where: { id: { in: slice } }, select: { id: true } });
  if (input.notification && (await inSlices(users, known)).flat().length !== users.length) {
    throw invalid("to.users", "names a user that does not exist");
  }
  const notify = input.notification ? { users, notification: input.notification } : null;
  const eventId = await services().triggerLog.submit({ event: input.event, data, targets, notify });
  return { eventId, targets };
}
