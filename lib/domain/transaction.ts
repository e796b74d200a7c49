import { randomUUID } from "node:crypto";
import { db, inSlices, type Tx } from "../db/client";
import { eventLog, type PendingEvent, type RecordedEvent } from "../db/event-log/event-log";
import { logger } from "../logger";
import { volatileEnvelope, type Envelope, type ServerEventName, type ServerEvents } from "../realtime/protocol";
import { rooms } from "../realtime/rooms";
import { DEFAULT_PREFERENCES, isCritical, type NotificationKind } from "./preference-rules";
import { services } from "../services";
import type { PublishTurn } from "./publish-order";

export type Priority = "low" | "medium" | "high" | "critical";

export type NotificationInput = {
  type: NotificationKind;
  title: string;
  body: string;
  priority: Priority;
  data?: Record<string, unknown>;
};

/**
 * What one domain transaction changes besides its own rows: durable events, the inbox
 * notifications they cause, and volatile broadcasts. Events are written at the end of the
 * transaction and published only after it commits, so nobody hears of a change that was
 * rolled back.
 */
export class Outbox {
  private readonly durable: PendingEvent[] = [];
  private readonly volatile: { envelope: Envelope; targets: string[] }[] = [];
  private readonly afterCommitWork: { name: string; work: () => Promise<void> }[] = [];

  constructor(readonly tx: Tx) {}

  /**
   * Work that must not happen unless the change commits, such as asking the payment
   * processor to move money the change decided to move. It runs after the commit, before
   * `transaction` returns; a failure is logged under `name` and never undoes the change.
   */
  afterCommit(name: string, work: () => Promise<void>): void {
    this.afterCommitWork.push({ name, work });
  }

  /** A durable event for the given audience keys (see rooms); returns its place among this transaction's durable events. */
  event<E extends ServerEventName>(type: E, data: ServerEvents[E], targets: string[]): number {
    return this.triggered(type, data, targets);
  }

  /** An internal service's own durable event (POST /api/realtime/trigger): its name and payload are the service's. */
  triggered(type: string, data: unknown, targets: string[]): number {
    return this.durable.push({ type, data, targets }) - 1;
  }

  /** An event that is broadcast to whoever is listening and not stored. */
  broadcast<E extends ServerEventName>(type: E, data: ServerEvents[E], targets: string[]): void {
    this.volatile.push({ envelope: volatileEnvelope(type, data), targets });
  }

  /** A notification for one user: see notifyAll. */
  async notify(userId: string, input: NotificationInput): Promise<void> {
    await this.notifyAll([userId], input);
  }

  /**
   * The same notification for each user, as their preferences for its kind allow
   * (critical ones always): a row in the inbox with its `notification:new` event; or, with
   * the inbox muted but toasts kept, only a volatile `notification:toast`; or, both muted,
   * nothing. One preference query and one insert however many users there are.
   */
  async notifyAll(userIds: string[], input: NotificationInput): Promise<void> {
    const users = [...new Set(userIds)];
    if (users.length === 0) return;
    const channels = await this.channelsOf(users, input);
    const data = input.data ?? {};
    for (const userId of users.filter((id) => !channels(id).inbox && channels(id).toast)) {
      const notification = { id: randomUUID(), ...input, data, createdAt: new Date().toISOString(), read: false };
      this.broadcast("notification:toast", { notification }, [rooms.user(userId)]);
    }
    const inboxUsers = users.filter((id) => channels(id).inbox);
    if (inboxUsers.length === 0) return;
    const { type, title, body, priority } = input;
    const rows = await this.tx.notification.createManyAndReturn({
      data: inboxUsers.map((userId) => ({ userId, type, title, body, priority, data: JSON.stringify(data) })),
    });
    for (const row of rows) {
      const notification = { id: row.id, type, title, body, priority, data, createdAt: row.createdAt.toISOString(), read: false };
      this.event("notification:new", { notification }, [rooms.user(row.userId)]);
    }
  }

  /** Each user's channels for the notification's kind (lib/domain/notification-preferences.ts); no row means both on. */
  private async channelsOf(userIds: string[], input: NotificationInput) {
    const allOn = { inbox: true, toast: true };
    if (isCritical(input.priority)) return () => allOn;
    const rows = (
      await inSlices(userIds, (slice) =>
        this.tx.notificationPreference.findMany({ where: { kind: input.type, userId: { in: slice } }, select: { userId: true, toast: true, inbox: true } }),
      )
    ).flat();
    const byUser = new Map(rows.map((row) => [row.userId, row]));
    return (userId: string) => byUser.get(userId) ?? DEFAULT_PREFERENCES[input.type];
  }

  /** @internal used by `transaction` once the work is done. */
  async flush() {
    return eventLog().writeIn(this.tx, this.durable);
  }

  /** @internal */
  get volatileEvents() {
    return this.volatile;
  }

  /** @internal */
  get committedWork() {
    return this.afterCommitWork;
  }
}

/**
 * Runs one domain change in a database transaction: the state, its durable events and its
 * notifications commit together or not at all; then the events go to the realtime hub.
 * A failure to publish is logged and never undoes the change (clients catch up).
 */
export async function transaction<T>(work: (outbox: Outbox) => Promise<T>): Promise<T> {
  return (await transactionWithEvents(work)).value;
}

/** `transaction`, also returning the durable events it recorded, in the order recorded. */
export async function transactionWithEvents<T>(work: (outbox: Outbox) => Promise<T>) {
  let recorded: RecordedEvent[] = [];
  let volatile: Outbox["volatileEvents"] = [];
  let afterCommit: Outbox["committedWork"] = [];
  let turn: PublishTurn | null = null;
  let value: T;
  try {
    value = await db().$transaction(
      async (tx) => {
        const outbox = new Outbox(tx);
        const result = await work(outbox);
        recorded = await outbox.flush();
        volatile = outbox.volatileEvents;
        afterCommit = outbox.committedWork;
        // Still inside the event-log lock: the place in line follows the ids just written.
        if (recorded.length) turn = services().publishLine.take();
        return result;
      },
      { maxWait: 10_000, timeout: 15_000 },
    );
  } catch (error) {
    (turn as PublishTurn | null)?.cancel();
    throw error;
  }
  publishCommitted(recorded, volatile, turn);
  await runAfterCommit(afterCommit);
  return { value, events: recorded };
}

async function runAfterCommit(work: Outbox["committedWork"]): Promise<void> {
  const results = await Promise.allSettled(work.map((item) => item.work()));
  results.forEach((result, i) => {
    if (result.status === "rejected") logger().error({ err: result.reason, code: "AFTER_COMMIT_FAILED", work: work[i].name });
  });
}

/**
 * Durable events that change nothing else and notify nobody (triggers), written in a
 * transaction of their own on the event log's cheapest path (EventLog.writeAlone) and
 * published as `transactionWithEvents` would.
 */
export async function recordEvents(events: PendingEvent[]): Promise<RecordedEvent[]> {
  let turn: PublishTurn | null = null;
  let recorded: RecordedEvent[];
  try {
    recorded = await eventLog().writeAlone(events, () => (turn = events.length ? services().publishLine.take() : null));
  } catch (error) {
    (turn as PublishTurn | null)?.cancel();
    throw error;
  }
  publishCommitted(recorded, [], turn);
  return recorded;
}

/** After the commit: the cursor moves past the events, and they go to the hub in their turn. */
function publishCommitted(recorded: RecordedEvent[], volatile: Outbox["volatileEvents"], turn: PublishTurn | null): void {
  eventLog().noteCommitted(recorded);
  const send = () => {
    const hub = services().hub;
    if (!hub || !(recorded.length || volatile.length)) return;
    try {
      hub.publish([...recorded, ...volatile]);
    } catch (error) {
      logger().error({ err: error, code: "PUBLISH_FAILED" }, "committed events could not be published");
    }
  };
  if (turn) turn.publish(send);
  else send();
}
