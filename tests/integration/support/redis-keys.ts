import { createClient } from "redis";

/**
 * The keys of one cluster's own in a shared Redis, by its REDIS_PREFIX. Apart from
 * cluster.ts, so the bench's two-node stage can use it without vitest.
 */
export async function keysUnder(url: string, pattern: string): Promise<string[]> {
  const redis = createClient({ url });
  await redis.connect();
  const found: string[] = [];
  for await (const keys of redis.scanIterator({ MATCH: pattern, COUNT: 100 })) found.push(...keys);
  await redis.close();
  return found;
}

/** Deletes what a cluster left in the shared Redis under its prefix (its stream, recovery sessions, budgets). */
export async function forgetPrefix(url: string, prefix: string): Promise<void> {
  const keys = await keysUnder(url, `${prefix}:*`);
  const redis = createClient({ url });
  await redis.connect();
  if (keys.length) await redis.del(keys);
  await redis.close();
}
