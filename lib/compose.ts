import { newRevocations } from "./auth/revocation";
import { config } from "./config";
import { BatchQueue } from "./db/batch-queue";
import { openDatabase } from "./db/client";
import { PostgresEventLog } from "./db/event-log/postgres";
import { SqliteEventLog } from "./db/event-log/sqlite";
import { ActivityReports } from "./domain/activity";
import { writeTriggers } from "./domain/broadcasts";
import { PublishLine } from "./domain/publish-order";
import { Budgets } from "./fair-use/budgets";
import { COUNTERPARTS_PER_LOOKUP, counterpartsOfMany, writeSessions } from "./realtime/presence";
import { registerServices, services, servicesComposed, type Services } from "./services";

/**
 * The composition root: builds the process's services once, from the configuration, and
 * registers them (lib/services.ts). server.ts calls it first; scripts and tests that touch
 * the database call it too. A second call returns what the first built.
 */
export function composeServices(): Services {
  if (servicesComposed()) return services();
  const cfg = config();
  const database = openDatabase(cfg);
  const built: Services = {
    database,
    eventLog: database.sqlite ? new SqliteEventLog(database.prisma, database.sqlite) : new PostgresEventLog(database.prisma),
    publishLine: new PublishLine(),
    triggerLog: new BatchQueue(writeTriggers),
    sessionWrites: new BatchQueue(writeSessions),
    counterparts: new BatchQueue(counterpartsOfMany, COUNTERPARTS_PER_LOOKUP),
    activityReports: new ActivityReports(),
    budgets: new Budgets(cfg.redisUrl, cfg.redisPrefix),
    revocations: newRevocations(),
    hub: undefined,
  };
  registerServices(built);
  return built;
}

/**
 * Writes what is queued (durable triggers accepted but not yet committed, session rows),
 * then closes the connections: the last step of a graceful stop, after the realtime server
 * has closed. The services are gone afterwards; composeServices builds new ones.
 */
export async function closeServices(): Promise<void> {
  if (!servicesComposed()) return;
  const { triggerLog, sessionWrites, budgets, database } = services();
  await Promise.all([triggerLog.close(), sessionWrites.close()]);
  await budgets.close();
  await database.prisma.$disconnect();
  registerServices(undefined);
}
