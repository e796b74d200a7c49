import { authorize } from "../auth/access-policy";
import type { Caller } from "../auth/identity";
import { db } from "../db/client";
import { rooms } from "../realtime/rooms";
import { lockedService } from "./availability";
import { conflict, invalid, notFound } from "./errors";
import { transaction } from "./transaction";

/**
 * What people ask to be told about a service's free units (the telling itself is in
 * lib/domain/availability-alerts.ts): the services a client watches, and each provider's
 * low-availability threshold.
 */

/**
 * A client starts watching a service that is full; 409 SERVICE_AVAILABLE while a unit is
 * free (book it instead). Watching twice is one watch.
 */
export async function watchService(caller: Caller, serviceId: string) {
  return transaction(async (outbox) => {
    // Locked, so a unit freed at the same moment either commits first (and this answers
    // 409) or waits for this watch and then tells it.
    const service = await lockedService(outbox.tx, serviceId);
    if (!service?.active) throw notFound("Service");
    if (service.available > 0) throw conflict("SERVICE_AVAILABLE", "A unit of this service is free: book it instead");
    await outbox.tx.serviceWatch.upsert({
      where: { serviceId_clientId: { serviceId, clientId: caller.id } },
      create: { serviceId, clientId: caller.id },
      update: {},
    });
    outbox.broadcast("watch:updated", { serviceId, watching: true }, [rooms.user(caller.id)]);
    return { serviceId, watching: true };
  });
}

/** Stops watching; stopping a watch that does not exist is fine. */
export async function unwatchService(caller: Caller, serviceId: string) {
  return transaction(async (outbox) => {
    const { count } = await outbox.tx.serviceWatch.deleteMany({ where: { serviceId, clientId: caller.id } });
    if (count > 0) outbox.broadcast("watch:updated", { serviceId, watching: false }, [rooms.user(caller.id)]);
    return { serviceId, watching: false };
  });
}

/** The ids of the services a client watches. */
export async function watchedServiceIds(clientId: string): Promise<string[]> {
  const rows = await db().serviceWatch.findMany({ where: { clientId }, orderBy: { createdAt: "asc" }, select: { serviceId: true } });
  return rows.map((row) => row.serviceId);
}

// ── Low-availability threshold (providers) ──────────────────────────────────────────

async function ownService(caller: Caller, serviceId: string) {
  const service = await db().service.findUnique({ where: { id: serviceId }, select: { providerId: true, capacity: true } });
  if (!service) throw notFound("Service");
  authorize("service.alert", caller, service);
  return service;
}

/**
 * The provider sets (or, with null, clears) the number of free units at which they are
 * warned: 0 means "when fully booked"; it must be below the capacity.
 */
export async function setAlertThreshold(caller: Caller, serviceId: string, threshold: number | null) {
  const service = await ownService(caller, serviceId);
  if (threshold === null) {
    await db().availabilityThreshold.deleteMany({ where: { serviceId } });
    return { serviceId, threshold: null };
  }
  if (threshold >= service.capacity) {
    throw invalid("threshold", `must be below the capacity (${service.capacity})`);
  }
  await db().availabilityThreshold.upsert({ where: { serviceId }, create: { serviceId, threshold }, update: { threshold } });
  return { serviceId, threshold };
}

export async function getAlertThreshold(caller: Caller, serviceId: string) {
  await ownService(caller, serviceId);
  const alert = await db().availabilityThreshold.findUnique({ where: { serviceId } });
  return { serviceId, threshold: alert?.threshold ?? null };
}

/** A provider's thresholds by service id, for their dashboard. */
export async function alertThresholdsOf(providerId: string): Promise<Record<string, number>> {
  const rows = await db().availabilityThreshold.findMany({ where: { service: { providerId } } });
  return Object.fromEntries(rows.map((row) => [row.serviceId, row.threshold]));
}
