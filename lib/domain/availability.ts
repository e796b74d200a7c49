import type { Caller } from "../auth/identity";
import type { Tx } from "../db/client";
import { rooms } from "../realtime/rooms";
import { recordAudit } from "./audit";
import { endWatchOnBooking, tellWatchers, warnIfLow } from "./availability-alerts";
import { conflict, invalid, notFound } from "./errors";
import { transaction, type Outbox } from "./transaction";

/**
 * A service's `available` count changes only through these conditional updates, which
 * the database applies atomically: it never goes below zero, never above capacity, and
 * ten racing requests for three units get three units. Each change also tells whoever
 * asked to hear of it (lib/domain/availability-alerts.ts) in the same transaction: the
 * updated row stays locked until commit, so the count read back is this change's own.
 */

/** Takes one unit for a client's booking; 409 NO_AVAILABILITY when none is left. */
export async function takeUnit(outbox: Outbox, serviceId: string, clientId: string): Promise<void> {
  const { count } = await outbox.tx.service.updateMany({
    where: { id: serviceId, active: true, available: { gt: 0 } },
    data: { available: { decrement: 1 } },
  });
  if (count === 0) {
    const service = await outbox.tx.service.findUnique({ where: { id: serviceId } });
    if (!service || !service.active) throw notFound("Service");
    throw conflict("NO_AVAILABILITY", "No units of this service are free");
  }
  const service = await announceAvailability(outbox, serviceId);
  await warnIfLow(outbox, service, service.available + 1);
  await endWatchOnBooking(outbox, serviceId, clientId);
}

/** Gives a unit back; a no-op when an admin already set availability to capacity. */
export async function releaseUnit(outbox: Outbox, serviceId: string): Promise<void> {
  const service = outbox.tx.service;
  const { count } = await service.updateMany({
    where: { id: serviceId, available: { lt: service.fields.capacity } },
    data: { available: { increment: 1 } },
  });
  if (count > 0) await tellWatchers(outbox, await announceAvailability(outbox, serviceId), 1);
}

/**
 * Reads a service with its row locked until commit (a write that changes nothing), so
 * nobody moves its count between this read and the transaction's own change.
 */
export async function lockedService(tx: Tx, serviceId: string) {
  await tx.service.updateMany({ where: { id: serviceId }, data: { available: { increment: 0 } } });
  return tx.service.findUnique({ where: { id: serviceId } });
}

async function announceAvailability(outbox: Outbox, serviceId: string) {
  const service = await outbox.tx.service.findUniqueOrThrow({ where: { id: serviceId } });
  outbox.broadcast(
    "availability:updated",
    { serviceId, available: service.available, capacity: service.capacity },
    [rooms.service(serviceId)],
  );
  return service;
}

/**
 * An admin sets a service's free units by hand (0..capacity), recorded in the audit log.
 * Raising them is one opening for watchers, however many units it adds.
 */
export async function setAvailability(admin: Caller, serviceId: string, available: number) {
  return transaction(async (outbox) => {
    // Locked, so the count it changes from is the one a racing booking did not move meanwhile.
    const service = await lockedService(outbox.tx, serviceId);
    if (!service) throw notFound("Service");
    if (available > service.capacity) {
      throw invalid("available", `must be at most the capacity (${service.capacity})`);
    }
    const updated = await outbox.tx.service.update({ where: { id: serviceId }, data: { available } });
    await recordAudit(outbox, admin, "service.availability.set", "Service", serviceId, {
      from: service.available,
      to: available,
    });
    await announceAvailability(outbox, serviceId);
    if (available > service.available) await tellWatchers(outbox, updated, available - service.available);
    else await warnIfLow(outbox, updated, service.available);
    return updated;
  });
}
