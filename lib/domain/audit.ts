import { audienceRooms } from "../auth/access-policy";
import type { Caller } from "../auth/identity";
import { db } from "../db/client";
import type { Outbox } from "./transaction";

/** One admin action as the audit log shows it (GET /api/admin/audit, `audit:new`). */
export type AuditEntry = {
  id: string;
  actorId: string;
  actorName: string;
  action: string;
  targetType: string;
  targetId: string;
  details: Record<string, unknown>;
  createdAt: string;
};

/**
 * Records an admin action in the same transaction as the action itself, and tells every
 * admin (`audit:new`, to whoever may list the log) once it commits, so each admin's log
 * shows it live whoever acted.
 */
export async function recordAudit(
  outbox: Outbox,
  actor: Caller,
  action: string,
  targetType: string,
  targetId: string,
  details: Record<string, unknown>,
): Promise<void> {
  const row = await outbox.tx.auditLog.create({ data: { actorId: actor.id, action, targetType, targetId, details: JSON.stringify(details) } });
  outbox.event("audit:new", { entry: auditEntry(row, actor.name) }, audienceRooms("audit.list", {}));
}

export async function listAudit(limit: number): Promise<AuditEntry[]> {
  const rows = await db().auditLog.findMany({
    orderBy: { createdAt: "desc" },
    take: limit,
    include: { actor: { select: { name: true } } },
  });
  return rows.map((row) => auditEntry(row, row.actor.name));
}

type AuditRow = { id: string; actorId: string; action: string; targetType: string; targetId: string; details: string; createdAt: Date };

function auditEntry(row: AuditRow, actorName: string): AuditEntry {
  const { id, actorId, action, targetType, targetId } = row;
  return { id, actorId, actorName, action, targetType, targetId, details: JSON.parse(row.details) as Record<string, unknown>, createdAt: row.createdAt.toISOString() };
}
