import { config } from "../config";
import { db } from "../db/client";
import { services } from "../services";

/**
 * Sign out everywhere. A user's `sessionsRevokedAt` ends every session cookie and bearer
 * token signed in before it: each carries the moment its sign-in happened (`signedInAt`, in
 * ms; one without it counts as signed in at 0, so it is ended by any revocation).
 *
 * Checking costs no query per request: each process keeps the revocations recent enough to
 * matter (no credential lives longer than KEEP_MS) in memory and reads them again when its
 * copy is older than REFRESH_MS, so another node's revocation reaches it within that; the
 * node that revokes notes it at once and tells the others at once too
 * (lib/realtime/cluster-wide.ts, `revokeEverywhere`).
 */
const REFRESH_MS = 1000;
/** The longest any credential lives: a session (24 h) or a token (TOKEN_TTL_SECONDS). */
export const credentialLifetimeMs = () => Math.max(SESSION_MAX_AGE_S, config().tokenTtlSeconds) * 1000;
/** Longer than any credential lives. */
const keepMs = () => credentialLifetimeMs() + 60_000;
export const SESSION_MAX_AGE_S = 24 * 60 * 60;

/** What this process knows of recent revocations: when each user last revoked, and when it last read them. */
export type Revocations = { byUser: Map<string, number>; readAt: number; reading?: Promise<void> };

export const newRevocations = (): Revocations => ({ byUser: new Map(), readAt: 0 });

const state = () => services().revocations;

async function fresh(): Promise<Revocations> {
  const revocations = state();
  if (Date.now() - revocations.readAt < REFRESH_MS) return revocations;
  revocations.reading ??= readRevocations(revocations).finally(() => (revocations.reading = undefined));
  await revocations.reading;
  return revocations;
}

async function readRevocations(revocations: Revocations): Promise<void> {
  const startedAt = Date.now();
  const rows = await db().user.findMany({
    where: { sessionsRevokedAt: { gt: new Date(startedAt - keepMs()) } },
    select: { id: true, sessionsRevokedAt: true },
  });
  const byUser = new Map<string, number>();
  for (const row of rows) byUser.set(row.id, row.sessionsRevokedAt!.getTime());
  // A revocation noted meanwhile (by this node, or told by another) stays if it is newer.
  for (const [userId, at] of revocations.byUser) if (at > (byUser.get(userId) ?? 0) && at > startedAt - keepMs()) byUser.set(userId, at);
  revocations.byUser = byUser;
  revocations.readAt = startedAt;
}

/** Whether a credential of `userId` signed in at `signedInAt` (ms) has been revoked since. */
export async function isRevoked(userId: string, signedInAt: number | undefined): Promise<boolean> {
  const revokedAt = (await fresh()).byUser.get(userId);
  return revokedAt !== undefined && (signedInAt ?? 0) < revokedAt;
}

/** The same answer from what this process knows now, without reading (for a socket that just joined). */
export function isRevokedNow(userId: string, signedInAt: number | undefined): boolean {
  const revokedAt = state().byUser.get(userId);
  return revokedAt !== undefined && (signedInAt ?? 0) < revokedAt;
}

/** Notes a revocation made here or told by another node, so this process refuses at once. */
export function noteRevocation(userId: string, revokedAt: number): void {
  const { byUser } = state();
  if (revokedAt > (byUser.get(userId) ?? 0)) byUser.set(userId, revokedAt);
}

/**
 * Ends every session and token of the user signed in before now; returns when. A new
 * password hash is written in the same update (a password change), so the two never part.
 */
export async function revokeSessions(userId: string, alongside: { passwordHash?: string } = {}): Promise<Date> {
  const revokedAt = new Date();
  await db().user.update({ where: { id: userId }, data: { ...alongside, sessionsRevokedAt: revokedAt } });
  noteRevocation(userId, revokedAt.getTime());
  return revokedAt;
}
