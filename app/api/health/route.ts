import { json } from "@/lib/api/handler";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** Liveness and the database's reachability; 503 when the database does not answer. */
export async function GET() {
  let dbUp = true;
  try {
    await db().$queryRawUnsafe("SELECT 1");
  } catch {
    dbUp = false;
  }
  return json({ ok: dbUp, db: dbUp ? "up" : "down", node: config().nodeId }, dbUp ? 200 : 503);
}
