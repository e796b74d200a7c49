import { db } from "../db/client";

/** Counts for the staff and admin overview: users by role, bookings by status. */
export async function systemOverview() {
  const [users, bookings] = await Promise.all([
    db().user.groupBy({ by: ["role"], _count: { _all: true } }),
    db().booking.groupBy({ by: ["status"], _count: { _all: true } }),
  ]);
  return {
    usersByRole: Object.fromEntries(users.map((row) => [row.role, row._count._all])) as Record<string, number>,
    bookingsByStatus: Object.fromEntries(bookings.map((row) => [row.status, row._count._all])) as Record<string, number>,
  };
}
