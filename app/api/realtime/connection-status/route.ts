import { json, withAccess } from "@/lib/api/handler";
import { connectionSessions } from "@/lib/realtime/presence";
import { requireHub } from "@/lib/realtime/unavailable";

/** Whether the caller has sockets connected now, over which transports, and when last seen. */
export const GET = withAccess("GET /api/realtime/connection-status", async (_req, { caller }) => {
  const status = await requireHub().connectionStatus(caller.id);
  const lastSeen = status.online ? new Date().toISOString() : await connectionSessions.lastSeen(caller.id);
  return json({ ...status, lastSeen });
});
