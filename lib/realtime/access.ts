import { allows, refusal, type Permission, type Resource } from "../auth/access-policy";
import type { Caller } from "../auth/identity";
import { db } from "../db/client";
import { forbidden, notFound, type DomainError } from "../domain/errors";
import { rooms } from "./rooms";

/**
 * Who may join which room, by the access policy's `room.*` rules (lib/auth/access-policy.ts).
 * `user:*` and `role:*` are joined by the server only; any other name is refused.
 */
export type RoomDecision = { ok: true } | { ok: false; error: DomainError };

const allow: RoomDecision = { ok: true };
const refuse = (message: string): RoomDecision => ({ ok: false, error: forbidden(message) });
const unknown = (what: string): RoomDecision => ({ ok: false, error: notFound(what) });

/** The room kinds a client may ask for, and the rule of each. */
export const ROOM_PERMISSIONS = {
  admin: "room.admin",
  service: "room.service",
  provider: "room.provider",
  booking: "room.booking",
} as const satisfies Record<string, Permission>;

/**
 * Rooms exist only for rows that exist, so a socket cannot fill the server with made-up
 * room names. Who may tell an unknown id from a refused one: only those the rule admits
 * whatever the row (admins and staff for bookings; anyone for services). For everyone else
 * unknown and not-yours answer the same, so room names reveal nothing.
 */
async function roomResource(kind: string, id: string): Promise<Resource | null> {
  switch (kind) {
    case "service":
      return (await db().service.findUnique({ where: { id }, select: { id: true } })) ? {} : null;
    case "provider": {
      const provider = await db().user.findUnique({ where: { id }, select: { role: true } });
      return provider?.role === "PROVIDER" ? { providerId: id } : null;
    }
    case "booking":
      return db().booking.findUnique({ where: { id }, select: { clientId: true, providerId: true } });
    default:
      return null;
  }
}

export async function mayJoinRoom(caller: Caller, room: string): Promise<RoomDecision> {
  const [kind, id, ...rest] = room.split(":");
  if (!Object.hasOwn(ROOM_PERMISSIONS, kind)) return refuse(`No such room: ${room}`);
  const permission = ROOM_PERMISSIONS[kind as keyof typeof ROOM_PERMISSIONS];
  if (room === rooms.admin) return allows(permission, caller) ? allow : refuse(refusal(permission));
  if (rest.length || !id || kind === "admin") return refuse(`No such room: ${room}`);
  const resource = await roomResource(kind, id);
  if (resource && allows(permission, caller, resource)) return allow;
  if (!resource && allows(permission, caller)) return unknown(kind[0].toUpperCase() + kind.slice(1));
  return refuse(refusal(permission));
}
