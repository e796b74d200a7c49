import type { z } from "zod";
import type { Caller } from "../auth/identity";
import { config } from "../config";
import { db } from "../db/client";
import { logger } from "../logger";
import { realtimeHub } from "../realtime/hub";
import { volatileEnvelope, type ActivityView, type clientEventSchemas } from "../realtime/protocol";
import { rooms } from "../realtime/rooms";

/**
 * User activity: what signed-in people do, as their browsers report it (`activity:report`).
 * Who did it and on which node come from the socket, never from the report.
 *
 * Reports never wait for the database: they are queued, written together every
 * FLUSH_MS (or once BATCH_SIZE are waiting), and only then shown live to admins
 * (`activity:new` to `role:ADMIN`), with the ids the history pages by. A failed write is
 * logged and dropped: activity is a record of use, not state anyone depends on.
 */

export type ActivityReport = z.output<(typeof clientEventSchemas)["activity:report"]>;

const FLUSH_MS = 250;
const BATCH_SIZE = 100;
/** While the database is away the queue stops growing here; the oldest reports go first. */
const MAX_QUEUED = 5000;

type Queued = { caller: Caller; report: ActivityReport; node: string; at: Date };

const queue: Queued[] = [];
let flushTimer: ReturnType<typeof setTimeout> | null = null;
let flushing: Promise<void> | null = null;

/** Queues one report; returns at once. */
export function recordActivity(caller: Caller, report: ActivityReport): void {
  queue.push({ caller, report, node: config().nodeId, at: new Date() });
  if (queue.length > MAX_QUEUED) {
    const dropped = queue.splice(0, queue.length - MAX_QUEUED).length;
    logger().warn({ code: "ACTIVITY_DROPPED", dropped }, "activity queue full; oldest reports dropped");
  }
  if (queue.length >= BATCH_SIZE) void flushActivity();
  else flushTimer ??= setTimeout(() => void flushActivity(), FLUSH_MS);
}

/** Writes everything queued, a batch at a time, and shows it live; resolves when done (shutdown awaits it). */
export function flushActivity(): Promise<void> {
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = null;
  flushing ??= writeQueued().finally(() => {
    flushing = null;
  });
  return flushing;
}

async function writeQueued(): Promise<void> {
  while (queue.length) await writeBatch(queue.splice(0, BATCH_SIZE));
}

async function writeBatch(batch: Queued[]): Promise<void> {
  try {
    const rows = await db().userActivity.createManyAndReturn({
      data: batch.map(({ caller, report, node, at }) => ({
        userId: caller.id,
        role: caller.role,
        kind: report.kind,
        path: report.kind === "page-view" ? report.path : null,
        bookingId: report.kind === "booking-action" ? report.bookingId : null,
        action: report.kind === "booking-action" ? report.action : null,
        node,
        createdAt: at,
      })),
    });
    const names = new Map(batch.map(({ caller }) => [caller.id, caller.name]));
    realtimeHub()?.publish(
      rows.map((row) => {
        const activity = toView(row, names.get(row.userId) ?? "");
        return { envelope: volatileEnvelope("activity:new", { activity }, activity.at), targets: [rooms.role("ADMIN")] };
      }),
    );
  } catch (error) {
    logger().warn({ err: error, code: "ACTIVITY_WRITE_FAILED", dropped: batch.length });
  }
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
    action: row.action,
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
