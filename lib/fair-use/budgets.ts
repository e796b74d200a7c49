import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract, type RateLimiterRes } from "rate-limiter-flexible";
import { createClient } from "redis";
import { RateLimitedError } from "../domain/errors";
import { logger } from "../logger";
import { services } from "../services";

/**
 * Budgets: so many requests (or failures) per key per window, on rate-limiter-flexible.
 * Every limit of the process (sign-in failures, HTTP requests per user and per address,
 * socket handshakes per user and per address) is one of these.
 *
 * With REDIS_URL the counters live in Redis, so every node of a cluster spends the same
 * budget and a restarted node finds it where it was. While Redis is away each node counts in
 * its own memory meanwhile (the insurance limiter), so requests neither stop nor go
 * unlimited. Without REDIS_URL (one node) they live in memory.
 *
 * Memory stays bounded: an in-memory entry lives for its window only (rate-limiter-flexible
 * drops it when the window ends), and keys are user ids and addresses, never strings a caller
 * chooses freely (sign-in keys an account only once its address is within budget).
 */

// Without the offline queue a command sent while Redis is away fails at once (and so counts
// in memory) instead of waiting for a reconnection that may never come: rejectIfRedisNotReady
// guards only get and consume, not the delete a successful sign-in makes.
const connectTo = (url: string) => createClient({ url, disableOfflineQueue: true });
type BudgetRedis = ReturnType<typeof connectTo>;

/** How long the first budget of a process waits for Redis before it counts in memory. */
const REDIS_CONNECT_WAIT_MS = 2000;

/**
 * The process's budgets, one instance per name whoever asks first, and their Redis
 * connection (one per process, made when the first budget is asked for).
 */
export class Budgets {
  private readonly byName = new Map<string, Promise<RateLimiterAbstract>>();
  private redis: Promise<BudgetRedis | null> | undefined;

  constructor(
    private readonly redisUrl: string | undefined,
    private readonly redisPrefix: string,
  ) {}

  /** The budget named `name`: `points` per `durationS` seconds per key. */
  get(name: string, points: number, durationS: number): Promise<RateLimiterAbstract> {
    let created = this.byName.get(name);
    if (!created) {
      created = this.create(name, points, durationS);
      this.byName.set(name, created);
    }
    return created;
  }

  async close(): Promise<void> {
    const redis = await this.redis;
    await redis?.close().catch(() => redis.destroy());
  }

  private async create(name: string, points: number, duration: number): Promise<RateLimiterAbstract> {
    const inMemory = new RateLimiterMemory({ keyPrefix: name, points, duration });
    if (!this.redisUrl) return inMemory;
    const redis = await (this.redis ??= connectRedis(this.redisUrl));
    if (!redis) return inMemory;
    return new RateLimiterRedis({
      storeClient: redis,
      useRedisPackage: true,
      rejectIfRedisNotReady: true, // count in memory at once rather than queue behind a reconnection
      keyPrefix: `${this.redisPrefix}:${name}`,
      points,
      duration,
      insuranceLimiter: inMemory,
    });
  }
}

/** The budget named `name` (see Budgets). */
export function budget(name: string, points: number, durationS: number): Promise<RateLimiterAbstract> {
  return services().budgets.get(name, points, durationS);
}

/**
 * The process's connection for the counters. The first use waits for it (briefly), so the
 * first requests are counted where every node sees them; it reconnects by itself after.
 */
async function connectRedis(url: string): Promise<BudgetRedis> {
  const client = connectTo(url);
  let warned = false;
  client.on("error", (error: Error) => {
    if (warned) return; // once per outage, however many reconnection attempts fail
    warned = true;
    logger().warn({ code: "REDIS_UNAVAILABLE", err: error }, "budgets: Redis is away, counting in this node's memory meanwhile");
  });
  client.on("ready", () => (warned = false));
  const connected = client.connect().catch(() => undefined); // failures surface as "error" events above
  await Promise.race([connected, new Promise((resolve) => setTimeout(resolve, REDIS_CONNECT_WAIT_MS).unref())]);
  return client;
}

/**
 * Spends one point of `key`'s budget: null when it was there, else how many ms until the
 * window frees one. A store failure past the insurance lets the request through.
 */
export async function spend(limiter: RateLimiterAbstract, key: string, points = 1): Promise<number | null> {
  try {
    await limiter.consume(key, points);
    return null;
  } catch (reason) {
    return isRefusal(reason) ? Math.max(1, reason.msBeforeNext) : null;
  }
}

/**
 * A refusal (RateLimiterRes) rather than a store failure (an Error). By its shape, not
 * `instanceof`: the limiters are built by server.ts's copy of the library and used from
 * Next's bundles too, each with its own copy of the class (lib/services.ts).
 */
const isRefusal = (reason: unknown): reason is RateLimiterRes =>
  !(reason instanceof Error) && typeof (reason as Partial<RateLimiterRes> | null)?.msBeforeNext === "number";

/** The 429 for a refused budget, with the seconds to wait (Retry-After). */
export function overBudget(msBeforeNext: number, what: string): RateLimitedError {
  const retryAfterS = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new RateLimitedError(retryAfterS, `${what}; try again in ${retryAfterS} s`);
}

/**
 * The key an address is budgeted under: an IPv4 address itself, an IPv6 address by its /64
 * (one subscriber's usual allocation, or one host could take 2^64 budgets).
 */
export function addressKey(address: string): string {
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  if (!plain.includes(":")) return plain;
  const [head, tail] = plain.toLowerCase().split("::");
  const groups = (part: string | undefined) => (part ? part.split(":") : []);
  // An embedded IPv4 address at the end stands for two groups.
  const width = (parts: string[]) => parts.length + (parts.at(-1)?.includes(".") ? 1 : 0);
  const full = tail === undefined ? groups(head) : [...groups(head), ...Array(8 - width(groups(head)) - width(groups(tail))).fill("0"), ...groups(tail)];
  return `${full.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}
