import type { Tx } from "../db/client";

/** Every administrator's id: who hears of disputes and failed payouts. */
export async function adminIds(tx: Pick<Tx, "user">): Promise<string[]> {
  return (await tx.user.findMany({ where: { role: "ADMIN" }, select: { id: true } })).map((u) => u.id);
}
