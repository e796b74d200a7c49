import type { Role } from "../auth/identity";

/**
 * Room names, which double as the audience keys of the durable event log: an event
 * stored for "booking:abc" is the one broadcast to that room, and catch-up finds it by
 * the same key.
 */
export const rooms = {
  user: (id: string) => `user:${id}`,
  role: (role: Role) => `role:${role}`,
  booking: (id: string) => `booking:${id}`,
  service: (id: string) => `service:${id}`,
  provider: (id: string) => `provider:${id}`,
  admin: "admin",
  /** Every connected socket: announcements without a role filter. */
  everyone: "all",
} as const;
