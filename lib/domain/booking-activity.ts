import { db } from "../db/client";
import type { Envelope } from "../realtime/protocol";
import type { BookingEventAction } from "./state-machines";
import type { BookingView } from "./views";

export type BookingActivity = Envelope<{ action: BookingEventAction; booking: BookingView }>;

/**
 * The newest `booking:updated` events, newest first, as they were sent: the history the
 * admin's live activity feed starts from. Every one went to the `admin` room, so no
 * audience filter is needed.
 */
export async function recentBookingActivity(limit: number): Promise<BookingActivity[]> {
  const rows = await db().event.findMany({ where: { type: "booking:updated" }, orderBy: { id: "desc" }, take: limit });
  return rows.map((row) => ({
    eventId: row.id,
    type: row.type,
    ts: row.createdAt.toISOString(),
    data: JSON.parse(row.payload) as BookingActivity["data"],
  }));
}
