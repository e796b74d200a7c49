import type { Tx } from "../db/client";
import { db } from "../db/client";
import type { Caller } from "../auth/identity";

/** Records an admin action in the same transaction as the action itself. */
export async function recordAudit(
  tx: Tx,
  actor: Caller,
  action: string,
  targetType: string,
  targetId: string,
  details: Record<string, unknown>,
): Promise<void> {
  await tx.auditLog.create({ data: { actorId: actor.id, action, targetType, targetId, details: JSON.stringify(details) } });
}

export async function listAudit(limit: number) {
  const rows = await db().auditLog.findMany({
    orderBy: { createdAt: "desc" },
    take: limit,
    include: { actor: { select: { name: true, email: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    actorId: row.actorId,
    actorName: row.actor.name,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    details: JSON.parse(row.details) as Record<string, unknown>,
    createdAt: row.createdAt.toISOString(),
  }));
}
