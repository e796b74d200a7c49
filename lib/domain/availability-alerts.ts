import { rooms } from "../realtime/rooms";
import type { Outbox } from "./transaction";
import { slots, slotsOpen } from "../slots";

/**
 * Alerts about a service's free units. Clients watch a full service and hear of each unit
 * that frees up; a provider sets a threshold and hears when free units fall to it. Both
 * are written by the transaction that moves the count (lib/domain/availability.ts), so an
 * opening or a crossing is told exactly once, and never for a change that rolled back.
 * Who watches what and the thresholds are set in lib/domain/alert-settings.ts.
 */

type ServiceCounts = { id: string; title: string; providerId: string; available: number; capacity: number };

// ── Watching a full service (clients) ───────────────────────────────────────────────

/**
 * Tells every watcher that `opened` units of the service came free. A watcher stays one
 * until they book the service or stop watching, so each later opening is told again.
 */
export async function tellWatchers(outbox: Outbox, service: ServiceCounts, opened: number): Promise<void> {
  const watchers = await outbox.tx.serviceWatch.findMany({ where: { serviceId: service.id }, select: { clientId: true } });
  const spots = opened === 1 ? "A spot" : `${opened} spots`;
  await outbox.notifyAll(
    watchers.map((watch) => watch.clientId),
    {
      type: "booking",
      title: `${spots} opened at ${service.title}`,
      body: `${slotsOpen(service.available, service.capacity)} now. Book before someone else does.`,
      priority: "high",
      data: { serviceId: service.id, action: "spot-opened", opened, available: service.available },
    },
  );
}

/** Ends a client's watch once they have booked the service: they got what they waited for. */
export async function endWatchOnBooking(outbox: Outbox, serviceId: string, clientId: string): Promise<void> {
  const { count } = await outbox.tx.serviceWatch.deleteMany({ where: { serviceId, clientId } });
  if (count > 0) outbox.broadcast("watch:updated", { serviceId, watching: false }, [rooms.user(clientId)]);
}

// ── Low-availability threshold (providers) ──────────────────────────────────────────

/**
 * Warns the provider when free units fell from above their threshold to it or below: once
 * per crossing, not on every booking below it. Climbing back above re-arms it.
 */
export async function warnIfLow(outbox: Outbox, service: ServiceCounts, before: number): Promise<void> {
  const alert = await outbox.tx.availabilityThreshold.findUnique({ where: { serviceId: service.id } });
  if (!alert || before <= alert.threshold || service.available > alert.threshold) return;
  const full = service.available === 0;
  await outbox.notify(service.providerId, {
    type: "booking",
    title: full ? `${service.title} is fully booked` : `${service.title} is running low`,
    body: `${slotsOpen(service.available, service.capacity)} (your alert is at ${slots(alert.threshold)}).`,
    priority: "high",
    data: { serviceId: service.id, action: "availability-low", available: service.available, threshold: alert.threshold },
  });
}
