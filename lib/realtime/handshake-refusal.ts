/**
 * Why the server refused a socket handshake, shared by lib/realtime/handshake.ts and the
 * browser's client (kept apart from protocol.ts so the browser bundle does not pull zod).
 *
 * "unauthorized" is final: the identity is missing, forged or expired. "rate_limited" is
 * retryable: the node is admitting too many handshakes at once (after a restart every
 * client comes back together), or this user or address opened too many lately; `data` says
 * how long to wait before trying again. "too_many_connections": the user already holds
 * REALTIME_MAX_SOCKETS_PER_USER sockets; retrying helps once one of them closes.
 */
export const HANDSHAKE_UNAUTHORIZED = "unauthorized";
export const HANDSHAKE_RATE_LIMITED = "rate_limited";
export const HANDSHAKE_TOO_MANY_CONNECTIONS = "too_many_connections";

export type RateLimitedRefusal = { code: "RATE_LIMITED"; retryAfterMs: number };

export function rateLimitedRefusal(retryAfterMs: number): Error & { data: RateLimitedRefusal } {
  return Object.assign(new Error(HANDSHAKE_RATE_LIMITED), { data: { code: "RATE_LIMITED" as const, retryAfterMs } });
}
