import type { ActivityReports } from "./domain/activity";
import type { Budgets } from "./fair-use/budgets";
import type { BatchQueue } from "./db/batch-queue";
import type { Database } from "./db/client";
import type { EventLog } from "./db/event-log/event-log";
import type { DurableTrigger } from "./domain/broadcasts";
import type { PublishLine } from "./domain/publish-order";
import type { Revocations } from "./auth/revocation";
import type { RealtimeHub } from "./realtime/hub";
import type { SessionWrite } from "./realtime/presence";

/**
 * The registry: every long-lived service of the process, built once by the composition
 * root (lib/compose.ts). Next bundles route handlers apart from server.ts, so a module's own
 * state would be one copy per bundle; the services live in this one object instead, kept on
 * globalThis, and every module reaches them through `services()`.
 *
 * The objects are built by server.ts's copy of the modules and used from Next's bundles
 * too, each of which has its own copy of every class: never test what a service returns or
 * throws with `instanceof` in a module of another bundle (test its shape).
 */
export type Services = {
  database: Database;
  eventLog: EventLog;
  /** Hands committed events to the hub in id order (lib/domain/publish-order.ts). */
  publishLine: PublishLine;
  /** Durable triggers, written in batches (lib/domain/broadcasts.ts). */
  triggerLog: BatchQueue<DurableTrigger, number>;
  /** Connection-session rows, written in batches (lib/realtime/presence.ts). */
  sessionWrites: BatchQueue<SessionWrite, null>;
  /** Who shares an open booking with each connecting user, asked in batches. */
  counterparts: BatchQueue<string, string[]>;
  /** Browsers' activity reports, written in batches (lib/domain/activity.ts). */
  activityReports: ActivityReports;
  budgets: Budgets;
  revocations: Revocations;
  /** The realtime server, once server.ts has attached it; none in scripts and unit tests. */
  hub: RealtimeHub | undefined;
};

const registry = globalThis as unknown as { switchboardServices?: Services };

export function services(): Services {
  if (!registry.switchboardServices) throw new Error("The services are not composed: call composeServices() (lib/compose.ts) first, as server.ts does");
  return registry.switchboardServices;
}

/** @internal lib/compose.ts only. */
export function registerServices(built: Services | undefined): void {
  registry.switchboardServices = built;
}

/** Whether the services are composed (a process may compose them once). */
export function servicesComposed(): boolean {
  return registry.switchboardServices !== undefined;
}
