import type { z } from "zod";
import type { Caller } from "../auth/identity";
import { config } from "../config";
import { db } from "../db/client";
import { logger } from "../logger";
import { realtimeHub } from "../realtime/hub";
import { volatileEnvelope, type ActivityView, type clientEventSchemas } from "../realtime/protocol";
import { rooms } from "../realtime/rooms";
import { services } from "../services";
import type { BookingActivityAction } from "./state-machines";
import type { Outbox } from "./transaction";

/**
 * User activity, shown to admins live (`activity:new` to `role:ADMIN`) and in the paged
 * history. What people do to bookings is recorded by the server, in the transaction that
 * does it (`recordBookingActivity`), whoever asked: a browser, a bearer token, curl. What
 * only a browser knows (signing in and out, page views) its browser reports
 * (`activity:report`); who did it and on which node come from the socket, never from the
 * report.
 *
 * Reports never wait for the database: they are queued, written together every
 * FLUSH_MS (or once BATCH_SIZE are waiting), and only then shown live, with the ids the
 * history pages by. A failed write is logged and dropped: a report is a record of use, not
 * state anyone depends on.
 */

export type ActivityReport = z.output<(typeof clientEventSchemas)["activity:report"]>;

const FLUSH_MS = 250;
const BATCH_SIZE = 100;
/** While the database is away the queue stops growing here; the oldest reports go first. */
const MAX_QUEUED = 5000;

type Queued = { caller: Caller; report: ActivityReport; node: string; at: Date };

/** The reports waiting to be written (one per process, in the services: lib/compose.ts). */
export class ActivityReports {
  private readonly queue: Queued[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> | null = null;

  /** Queues one report; returns at once. */
  record(caller: Caller, report: ActivityReport): void {
    const { queue } = this;
    queue.push({ caller, report, node: config().nodeId, at: new Date() });
    if (queue.length > MAX_QUEUED) {
      const dropped = queue.splice(0, queue.length - MAX_QUEUED).length;
      logger().warn({ code: "ACTIVITY_DROPPED", dropped }, "activity queue full; oldest reports dropped");
    }
    if (queue.length >= BATCH_SIZE) void this.flush();
    else this.flushTimer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** Writes everything queued, a batch at a time, and shows it live; resolves when done (shutdown awaits it). */
  flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.flushing ??= this.writeQueued().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async writeQueued(): Promise<void> {
    while (this.queue.length) await writeBatch(this.queue.splice(0, BATCH_SIZE));
  }
}

/** Queues a browser's report (see ActivityReports). */
export function recordActivity(caller: Caller, report: ActivityReport): void {
  services().activityReports.record(caller, report);
}

/** Writes the queued reports (at shutdown). */
export function flushActivity(): Promise<void> {
  return services().activityReports.flush();
}

async function writeBatch(batch: Queued[]): Promise<void> {
  try {
    const rows = await db().userActivity.createManyAndReturn({
      data: batch.map(({ caller, report, node, at }) => ({
        userId: caller.id,
        role: caller.role,
        kind: report.kind,
        path: report.kind === "page-view" ? report.path : null,
        node,
        createdAt: at,
      })),
    });
    const names = new Map(batch.map(({ caller }) => [caller.id, caller.name]));
    realtimeHub()?.publish(
      rows.map((row) => {
        const activity = toView(row, names.get(row.userId) ?? "");
        return { envelope: volatileEnvelope("activity:new", { activity }, activity.at), targets: [activityAudience] };
      }),
    );
  } catch (error) {
    logger().warn({ err: error, code: "ACTIVITY_WRITE_FAILED", dropped: batch.length });
  }
}

const activityAudience = rooms.role("ADMIN");

/**
 * A person's action on a booking, written in the transaction that makes it, so it commits
 * with the change (or not at all), and shown live to admins once it has.
 */
export async function recordBookingActivity(outbox: Outbox, actor: Caller, bookingId: string, action: BookingActivityAction): Promise<void> {
  const row = await outbox.tx.userActivity.create({
    data: { userId: actor.id, role: actor.role, kind: "booking-action", bookingId, action, node: config().nodeId },
  });
  outbox.broadcast("activity:new", { activity: toView(row, actor.name) }, [activityAudience]);
}

type ActivityRow = Awaited<ReturnType<ReturnType<typeof db>["userActivity"]["findFirstOrThrow"]>>;

function toView(row: ActivityRow, userName: string): ActivityView {
  return {
    id: row.id,
    userId: row.userId,
    userName,
    role: row.role,
    kind: row.kind as ActivityView["kind"],
    path: row.path,
    bookingId: row.bookingId,
    action: row.action as ActivityView["action"],
    node: row.node,
    at: row.createdAt.toISOString(),
  };
}

/**
 * The stored history, newest first: `limit` rows older than the id `before` (or the newest
 * when absent). `nextBefore` asks for the page after this one; null at the end.
 */
export async function listActivity({ before, limit }: { before?: number; limit: number }): Promise<{ activity: ActivityView[]; nextBefore: number | null }> {
  const rows = await db().userActivity.findMany({
    where: before === undefined ? {} : { id: { lt: before } },
    orderBy: { id: "desc" },
    take: limit,
  });
  const users = await db().user.findMany({ where: { id: { in: [...new Set(rows.map((row) => row.userId))] } }, select: { id: true, name: true } });
  const names = new Map(users.map((user) => [user.id, user.name]));
  const activity = rows.map((row) => toView(row, names.get(row.userId) ?? "(deleted user)"));
  return { activity, nextBefore: rows.length === limit ? rows[rows.length - 1].id : null };
}
