import type { Permission } from "../auth/access-policy";
import { PARTY_BOOKING_ACTIONS, type PartyBookingAction } from "../domain/state-machines";

/** Each action of the participants' route asks for its own permission, `booking.<action>`. */
const PARTY_ACTION_PERMISSIONS = Object.fromEntries(PARTY_BOOKING_ACTIONS.map((action) => [action, `booking.${action}`])) as {
  [A in PartyBookingAction]: `booking.${A}`;
};

/**
 * Every API route and the permission of lib/auth/access-policy.ts it asks for. A route file
 * names its own line (`withAccess("GET /api/bookings/:id", ...)`), and the access matrix
 * test walks app/api to prove every exported handler has one. `public` routes need no
 * identity: they prove something else (a password, a webhook signature) or nothing at all.
 */
export const ROUTE_ACCESS = {
  "GET /api/bookings": "booking.list",
  "POST /api/bookings": "booking.create",
  "GET /api/bookings/:id": "booking.read",
  // One route file serves the participants' transitions; the action names the permission.
  "POST /api/bookings/:id/:action": PARTY_ACTION_PERMISSIONS,
  "POST /api/bookings/:id/confirm": "booking.confirm",
  "POST /api/bookings/:id/dispute": "booking.dispute",
  "GET /api/bookings/:id/presence": "booking.presence",
  "GET /api/bookings/:id/messages": "chat.read",
  "POST /api/bookings/:id/messages": "chat.send",
  "POST /api/payments/:bookingId/pay": "booking.pay",
  "POST /api/payments/:bookingId/verify-cash": "booking.verify-cash",
  "POST /api/admin/bookings/:id/decline": "booking.decline",
  "GET /api/admin/disputes": "dispute.list",
  "POST /api/admin/disputes/:bookingId/resolve": "dispute.resolve",
  "GET /api/services": "service.list",
  "GET /api/services/watches": "service.watch",
  "POST /api/services/:id/watch": "service.watch",
  "DELETE /api/services/:id/watch": "service.watch",
  "GET /api/services/:id/alert-threshold": "service.alert",
  "PUT /api/services/:id/alert-threshold": "service.alert",
  "PUT /api/admin/services/:id/availability": "service.availability",
  "GET /api/notifications": "inbox.use",
  "POST /api/notifications/read": "inbox.use",
  "GET /api/notifications/preferences": "inbox.use",
  "PUT /api/notifications/preferences": "inbox.use",
  "POST /api/auth/revoke": "session.revoke",
  "GET /api/me": "account.read",
  "PATCH /api/me": "account.update",
  "POST /api/me/password": "account.password",
  "GET /api/me/devices": "account.read",
  "POST /api/realtime/announcement": "announcement.send",
  "GET /api/admin/activity": "activity.list",
  "GET /api/admin/audit": "audit.list",
  "GET /api/admin/ledger/check": "ledger.check",
  "GET /api/realtime/events": "realtime.events",
  "GET /api/realtime/connection-status": "realtime.connection-status",
  "GET /api/realtime/connections": "realtime.connections",
  "GET /api/realtime/stats": "realtime.stats",
  "GET /api/metrics": "realtime.metrics",
  "POST /api/realtime/trigger": "realtime.trigger",
  // Public: a password (throttled), a signature, liveness, next-auth's own pages, and 404s.
  "POST /api/token": "public",
  "POST /api/webhooks/payments": "public",
  "GET /api/health": "public",
  "GET /api/auth/:nextauth*": "public",
  "POST /api/auth/:nextauth*": "public",
  "GET /api/:path*": "public",
  "POST /api/:path*": "public",
  "PUT /api/:path*": "public",
  "PATCH /api/:path*": "public",
  "DELETE /api/:path*": "public",
} as const satisfies Record<string, Permission | "public" | Record<string, Permission>>;

type Table = typeof ROUTE_ACCESS;
export type RouteKey = keyof Table;
/** Routes that ask for a permission (one, or one per value of a path parameter). */
export type GuardedRoute = { [K in RouteKey]: Table[K] extends "public" ? never : K }[RouteKey];

/**
 * The permission a request to `route` asks for; null for a path parameter the route does
 * not know (the route answers 404).
 */
export function permissionOf(route: GuardedRoute, params: Record<string, string>): Permission | null {
  const entry: Permission | Record<string, Permission> = ROUTE_ACCESS[route];
  if (typeof entry === "string") return entry;
  const name = route.match(/:(\w+)$/)![1];
  return Object.hasOwn(entry, params[name]) ? entry[params[name]] : null;
}
