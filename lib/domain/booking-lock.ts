import { config } from "../config";
import type { Tx } from "../db/client";
import { notFound } from "./errors";
import { bookingInclude } from "./views";

/**
 * Every change to a booking or to its money begins here, so changes to one booking happen
 * one at a time. On PostgreSQL the booking's row stays locked until the transaction ends:
 * a concurrent request waits, then reads what the first one left, and is refused (409) if
 * that no longer allows it. SQLite runs one write transaction at a time already. Without
 * this, a payment and a cancellation sent together both read the booking as it was, and
 * the booking ended cancelled with the money still held.
 */
export async function lockBooking(tx: Tx, bookingId: string) {
  if (config().databaseProvider === "postgres") {
    await tx.$executeRaw`SELECT 1 FROM "Booking" WHERE "id" = ${bookingId} FOR UPDATE`;
  }
  const booking = await tx.booking.findUnique({ where: { id: bookingId }, include: bookingInclude });
  if (!booking) throw notFound("Booking");
  return booking;
}

export type LockedBooking = Awaited<ReturnType<typeof lockBooking>>;
