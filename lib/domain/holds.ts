import { config } from "../config";
import { db } from "../db/client";
import { logger } from "../logger";
import { transitionBooking, warnExpiringHold } from "./bookings";
import { DomainError } from "./errors";

/**
 * The hold on a PENDING booking: it expires BOOKING_HOLD_MINUTES after it was taken, with
 * an `expiring` warning BOOKING_HOLD_WARNING_MINUTES before. Both are found by querying
 * the stored hold times, so whatever fell due while the server was down is handled on the
 * first run after it starts.
 */

export async function warnExpiringHolds(now = new Date(), batch = 100): Promise<number> {
  const due = await db().booking.findMany({
    where: {
      status: "PENDING",
      holdWarnedAt: null,
      holdExpiresAt: { gt: now, lte: new Date(now.getTime() + config().holdWarningMs) },
    },
    orderBy: { holdExpiresAt: "asc" },
    take: batch,
    select: { id: true },
  });
  return runEach(due, warnExpiringHold, "HOLD_WARNING_FAILED");
}

export async function expireDueHolds(now = new Date(), batch = 100): Promise<number> {
  const due = await db().booking.findMany({
    where: { status: "PENDING", holdExpiresAt: { lte: now } },
    orderBy: { holdExpiresAt: "asc" },
    take: batch,
    select: { id: true },
  });
  return runEach(due, (id) => transitionBooking("system", id, "expire"), "HOLD_EXPIRY_FAILED");
}

async function runEach(rows: { id: string }[], step: (id: string) => Promise<unknown>, code: string) {
  let done = 0;
  for (const { id } of rows) {
    try {
      await step(id);
      done++;
    } catch (error) {
      // A booking accepted or cancelled since the query is not an error worth a log line.
      if (error instanceof DomainError && error.kind === "conflict") continue;
      logger().error({ err: error, code, bookingId: id });
    }
  }
  return done;
}
