import { ApiError, conflict, notFound } from "../api/errors";
import type { Caller } from "../auth/identity";
import { rooms } from "../realtime/rooms";
import { recordAudit } from "./audit";
import { transaction, type Outbox } from "./transaction";

/**
 * A service's `available` count changes only through these conditional updates, which
 * the database applies atomically: it never goes below zero, never above capacity, and
 * ten racing requests for three units get three units.
 */

/** Takes one unit for a booking; 409 NO_AVAILABILITY when none is left. */
export async function takeUnit(outbox: Outbox, serviceId: string): Promise<void> {
  const { count } = await outbox.tx.service.updateMany({
    where: { id: serviceId, active: true, available: { gt: 0 } },
    data: { available: { decrement: 1 } },
  });
  if (count === 0) {
    const service = await outbox.tx.service.findUnique({ where: { id: serviceId } });
    if (!service || !service.active) throw notFound("Service");
    throw conflict("NO_AVAILABILITY", "No units of this service are free");
  }
  await announceAvailability(outbox, serviceId);
}

/** Gives a unit back; a no-op when an admin already set availability to capacity. */
export async function releaseUnit(outbox: Outbox, serviceId: string): Promise<void> {
  const service = outbox.tx.service;
  const { count } = await service.updateMany({
    where: { id: serviceId, available: { lt: service.fields.capacity } },
    data: { available: { increment: 1 } },
  });
  if (count > 0) await announceAvailability(outbox, serviceId);
}

async function announceAvailability(outbox: Outbox, serviceId: string): Promise<void> {
  const service = await outbox.tx.service.findUniqueOrThrow({ where: { id: serviceId } });
  outbox.broadcast(
    "availability:updated",
    { serviceId, available: service.available, capacity: service.capacity },
    [rooms.service(serviceId)],
  );
}

/** An admin sets a service's free units by hand (0..capacity), recorded in the audit log. */
export async function setAvailability(admin: Caller, serviceId: string, available: number) {
  return transaction(async (outbox) => {
    const service = await outbox.tx.service.findUnique({ where: { id: serviceId } });
    if (!service) throw notFound("Service");
    if (available > service.capacity) {
      throw new ApiError(400, "VALIDATION_ERROR", `available: must be at most the capacity (${service.capacity})`, "available");
    }
    const updated = await outbox.tx.service.update({ where: { id: serviceId }, data: { available } });
    await recordAudit(outbox.tx, admin, "service.availability.set", "Service", serviceId, {
      from: service.available,
      to: available,
    });
    await announceAvailability(outbox, serviceId);
    return updated;
  });
}
