import { json, withAccess } from "@/lib/api/handler";
import { revokeSessions } from "@/lib/auth/revocation";
import { clearedSessionCookies } from "@/lib/auth/session-cookie";
import { realtimeHub } from "@/lib/realtime/hub";

/**
 * Sign out everywhere: every session cookie and bearer token of the caller signed in before
 * now stops working on every node, and the caller's sockets are dropped (they reconnect to
 * `unauthorized`). This browser's cookie is cleared too.
 */
export const POST = withAccess("POST /api/auth/revoke", async (_req, { caller }) => {
  const revokedAt = await revokeSessions(caller.id);
  await realtimeHub()?.revokeUser(caller.id, revokedAt);
  const response = json({ revokedAt: revokedAt.toISOString() });
  for (const cookie of clearedSessionCookies()) response.headers.append("Set-Cookie", cookie);
  return response;
});
