import { json } from "@/lib/api/handler";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { realtimeHub } from "@/lib/realtime/hub";

export const dynamic = "force-dynamic";

/**
 * Liveness, the database's reachability and, on a node with REDIS_URL, its link to the
 * other nodes. 503 only when the database does not answer: without Redis a node still
 * serves its own clients (and says `redis: "down"`), so a load balancer should keep it.
 */
export async function GET() {
  let dbUp = true;
  try {
    await db().$queryRawUnsafe("SELECT 1");
  } catch {
    dbUp = false;
  }
  const redis = realtimeHub()?.redis() ?? (config().redisUrl ? "down" : undefined);
  return json({ ok: dbUp, db: dbUp ? "up" : "down", ...(redis ? { redis } : {}), node: config().nodeId }, dbUp ? 200 : 503);
}
