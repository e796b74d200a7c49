import type { Caller } from "../auth/identity";
import { db } from "../db/client";

/**
 * Who may subscribe to which room. `user:*` and `role:*` are joined by the server only;
 * any name not listed here is refused.
 */
export type RoomDecision = { ok: true } | { ok: false; code: "FORBIDDEN" | "NOT_FOUND"; message: string };

const STAFF_ROLES = new Set(["ADMIN", "STAFF"]);
const allow: RoomDecision = { ok: true };
const refuse = (message: string): RoomDecision => ({ ok: false, code: "FORBIDDEN", message });

const notFound = (what: string): RoomDecision => ({ ok: false, code: "NOT_FOUND", message: `${what} not found` });

export async function mayJoinRoom(caller: Caller, room: string): Promise<RoomDecision> {
  const [kind, id, ...rest] = room.split(":");
  if (room === "admin") return STAFF_ROLES.has(caller.role) ? allow : refuse("Only admins and staff may watch the admin room");
  if (rest.length || !id) return refuse(`No such room: ${room}`);
  // Rooms exist only for rows that exist: a socket cannot fill the server with made-up room names.
  switch (kind) {
    case "service": {
      const service = await db().service.findUnique({ where: { id }, select: { id: true } });
      return service ? allow : notFound("Service"); // availability is public to anyone signed in
    }
    case "provider": {
      if (!STAFF_ROLES.has(caller.role)) return caller.id === id ? allow : refuse("This provider room is not yours");
      const provider = await db().user.findUnique({ where: { id }, select: { role: true } });
      return provider?.role === "PROVIDER" ? allow : notFound("Provider");
    }
    case "booking": {
      const booking = await db().booking.findUnique({ where: { id }, select: { clientId: true, providerId: true } });
      // Admins and staff may watch any booking that exists; they see every booking anyway,
      // so telling them an id is unknown reveals nothing.
      if (STAFF_ROLES.has(caller.role)) return booking ? allow : notFound("Booking");
      // For everyone else unknown and not-yours answer the same, so room names reveal nothing.
      return booking && (booking.clientId === caller.id || booking.providerId === caller.id)
        ? allow
        : refuse("This booking room is not yours");
    }
    default:
      return refuse(`No such room: ${room}`);
  }
}
