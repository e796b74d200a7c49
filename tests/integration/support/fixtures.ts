import { afterAll, beforeAll } from "vitest";
import { signInDemoUsers, future, type DemoUsers } from "./api";
import { startServer, type DatabaseKind, type TestServer } from "./server";

/**
 * One server per test file and database, started before its tests and stopped after,
 * with every demo user signed in. Use inside a `describe`.
 */
export function useServer(kind: DatabaseKind, env: Record<string, string> = {}) {
  const ctx = {} as { server: TestServer; users: DemoUsers };
  beforeAll(async () => {
    ctx.server = await startServer(kind, env);
    ctx.users = await signInDemoUsers(ctx.server);
  });
  afterAll(async () => {
    await ctx.server?.stop();
  });
  return ctx;
}

/** The first service of a provider, reset by the admin to `available` free units. */
export async function serviceOf(users: DemoUsers, provider: "provider" | "provider2" = "provider", available?: number) {
  const { body } = await users.admin.get("/api/services");
  const service = body.services.find((s: { providerId: string }) => s.providerId === users[provider].user!.id);
  const reset = await users.admin.put(`/api/admin/services/${service.id}/availability`, {
    available: available ?? service.capacity,
  });
  if (reset.status !== 200) throw new Error(`could not reset availability: ${JSON.stringify(reset.body)}`);
  return reset.body.service as { id: string; capacity: number; available: number; priceCents: number; providerId: string };
}

/** A fresh PENDING booking by `client` for the provider's first service. */
export async function pendingBooking(users: DemoUsers, client: "client" | "client2" = "client") {
  const service = await serviceOf(users);
  const reply = await users[client].post("/api/bookings", { serviceId: service.id, scheduledAt: future() });
  if (reply.status !== 201) throw new Error(`booking failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.booking as { id: string; status: string; serviceId: string; priceCents: number };
}

/** Moves a booking through the provider's steps to the given status. */
export async function bookingIn(users: DemoUsers, status: "CONFIRMED" | "IN_PROGRESS" | "COMPLETED") {
  const booking = await pendingBooking(users);
  const steps = { CONFIRMED: ["accept"], IN_PROGRESS: ["accept", "start"], COMPLETED: ["accept", "start", "complete"] }[status];
  for (const step of steps) {
    const reply = await users.provider.post(`/api/bookings/${booking.id}/${step}`);
    if (reply.status !== 200) throw new Error(`${step} failed: ${JSON.stringify(reply.body)}`);
  }
  return booking;
}

/**
 * What the database holds, in a few numbers that any state change moves: row counts, the
 * newest event id (every change writes one), units available, read marks. Two equal
 * fingerprints around a request prove that it changed nothing.
 */
export async function stateFingerprint(server: TestServer): Promise<Record<string, string>> {
  const [row] = await server.query<Record<string, unknown>>(`SELECT
    (SELECT COUNT(*) FROM "User") AS users,
    (SELECT COUNT(*) FROM "Service") AS services,
    (SELECT COALESCE(SUM(available), 0) FROM "Service") AS available,
    (SELECT COUNT(*) FROM "Booking") AS bookings,
    (SELECT COUNT(*) FROM "Payment") AS payments,
    (SELECT COUNT(*) FROM "Payout") AS payouts,
    (SELECT COUNT(*) FROM "Notification") AS notifications,
    (SELECT COUNT(*) FROM "Notification" WHERE "readAt" IS NOT NULL) AS "readNotifications",
    (SELECT MAX("announcementsReadAt") FROM "User") AS "announcementsReadAt",
    (SELECT COUNT(*) FROM "Announcement") AS announcements,
    (SELECT COUNT(*) FROM "ChatMessage") AS messages,
    (SELECT COUNT(*) FROM "AuditLog") AS audit,
    (SELECT COUNT(*) FROM "WebhookReceipt") AS "webhookReceipts",
    (SELECT COUNT(*) FROM "LedgerLine") AS "ledgerLines",
    (SELECT COUNT(*) FROM "Dispute") AS disputes,
    (SELECT COALESCE(MAX(id), 0) FROM "Event") AS "lastEventId"`);
  // PostgreSQL counts are bigints (strings) and its dates Date objects; compare everything as text.
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : String(value)]));
}
