import { ROLES } from "../auth/identity";
import { db } from "../db/client";
import type { BookingStatus } from "./state-machines";

const BOOKING_STATUSES: BookingStatus[] = ["PENDING", "CONFIRMED", "IN_PROGRESS", "COMPLETED", "REJECTED", "CANCELLED", "EXPIRED", "DECLINED"];

/** Counts for the staff and admin overview: users by role, bookings by status (zeros included). */
export async function systemOverview() {
  const [users, bookings] = await Promise.all([
    db().user.groupBy({ by: ["role"], _count: { _all: true } }),
    db().booking.groupBy({ by: ["status"], _count: { _all: true } }),
  ]);
  const count = <K extends string>(keys: readonly K[], rows: { key: string; n: number }[]) =>
    Object.fromEntries(keys.map((key) => [key, rows.find((row) => row.key === key)?.n ?? 0])) as Record<K, number>;
  return {
    usersByRole: count(ROLES, users.map((row) => ({ key: row.role, n: row._count._all }))),
    bookingsByStatus: count(BOOKING_STATUSES, bookings.map((row) => ({ key: row.status, n: row._count._all }))),
  };
}
