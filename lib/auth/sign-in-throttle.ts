import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { createClient } from "redis";
import { RateLimitedError } from "../api/errors";
import { config } from "../config";
import { logger } from "../logger";
import type { Caller } from "./identity";
import { authenticate } from "./caller";

/**
 * Brute-force protection for password checks (POST /api/token and the browser's sign-in):
 * failed attempts are counted per account and address (someone guessing one account's
 * password) and per address (someone trying many accounts). Once either count reaches its
 * limit within the window, further attempts are refused with 429 `RATE_LIMITED` before the
 * password is checked, until the window ends. A success clears the account's count.
 * Each attempt is counted when it arrives and given back if it succeeds, so a burst of
 * guesses sent at once is held to the limit too.
 *
 * With REDIS_URL the counters live in Redis, so every node of a cluster counts the same
 * attempts: a guesser gets the limit once, not once per node. While Redis is away each node
 * counts in its own memory meanwhile (rate-limiter-flexible's insurance limiter), so sign-in
 * neither stops nor goes unthrottled. Without REDIS_URL (one node) they live in memory.
 */

type Limiters = { perAccount: RateLimiterAbstract; perAddress: RateLimiterAbstract };

// Without the offline queue a command sent while Redis is away fails at once (and so counts
// in memory) instead of waiting for a reconnection that may never come: rejectIfRedisNotReady
// guards only get and consume, not the delete a successful sign-in makes.
const connectTo = (url: string) => createClient({ url, disableOfflineQueue: true });
type ThrottleRedis = ReturnType<typeof connectTo>;

/** How long the first sign-in of a process waits for Redis before it counts in memory. */
const REDIS_CONNECT_WAIT_MS = 2000;

// Next bundles each route apart; the counters (and their Redis connection) must be one set
// per process, whichever route counts.
const globalForThrottle = globalThis as unknown as { switchboardSignInLimiters?: Promise<Limiters> };

function limiters(): Promise<Limiters> {
  globalForThrottle.switchboardSignInLimiters ??= createLimiters();
  return globalForThrottle.switchboardSignInLimiters;
}

async function createLimiters(): Promise<Limiters> {
  const { maxFailuresPerAccount, maxFailuresPerAddress, windowSeconds } = config().signInThrottle;
  const { redisUrl, redisPrefix } = config();
  const redis = redisUrl ? await connectRedis(redisUrl) : null;
  const limiter = (keyPrefix: string, points: number): RateLimiterAbstract => {
    const inMemory = new RateLimiterMemory({ keyPrefix, points, duration: windowSeconds });
    if (!redis) return inMemory;
    return new RateLimiterRedis({
      storeClient: redis,
      useRedisPackage: true,
      rejectIfRedisNotReady: true, // count in memory at once rather than queue behind a reconnection
      keyPrefix: `${redisPrefix}:${keyPrefix}`,
      points,
      duration: windowSeconds,
      insuranceLimiter: inMemory,
    });
  };
  return { perAccount: limiter("sign-in:account", maxFailuresPerAccount), perAddress: limiter("sign-in:address", maxFailuresPerAddress) };
}

/**
 * The process's connection for the counters. The first use waits for it (briefly), so the
 * first attempts are counted where every node sees them; it reconnects by itself after.
 */
async function connectRedis(url: string): Promise<ThrottleRedis> {
  const client = connectTo(url);
  let warned = false;
  client.on("error", (error: Error) => {
    if (warned) return; // once per outage, however many reconnection attempts fail
    warned = true;
    logger().warn({ code: "REDIS_UNAVAILABLE", err: error }, "sign-in throttle: Redis is away, counting in this node's memory meanwhile");
  });
  client.on("ready", () => (warned = false));
  const connected = client.connect().catch(() => undefined); // failures surface as "error" events above
  await Promise.race([connected, new Promise((resolve) => setTimeout(resolve, REDIS_CONNECT_WAIT_MS).unref())]);
  return client;
}

const accountKey = (email: string, address: string) => `${email.trim().toLowerCase()}|${address}`;

/**
 * Throws RateLimitedError (429 with Retry-After) when this account at this address, or this
 * address, is blocked now. Only looks: the sign-in form's route answers a blocked attempt
 * early with it; authenticateThrottled is what counts.
 */
export async function assertSignInAllowed(email: string, address: string): Promise<void> {
  const { perAccount, perAddress } = await limiters();
  const checks = [
    [perAccount, accountKey(email, address)],
    [perAddress, address],
  ] as const;
  for (const [limiter, key] of checks) {
    const state = await limiter.get(key);
    if (state && state.consumedPoints >= limiter.points) throw blockedFor(state.msBeforeNext);
  }
}

function blockedFor(msBeforeNext: number): RateLimitedError {
  const retryAfterS = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new RateLimitedError(retryAfterS, `Too many failed sign-in attempts; try again in ${retryAfterS} s`);
}

/**
 * Takes an attempt's place under both limits before its password is checked, so guesses
 * sent all at once are counted as they arrive, not after their (slow) checks: a burst gets
 * the limit, not one free round per window. Throws RateLimitedError when it is over either.
 */
async function takeAttempt(email: string, address: string): Promise<void> {
  const { perAccount, perAddress } = await limiters();
  const takes = [
    [perAccount, accountKey(email, address)],
    [perAddress, address],
  ] as const;
  const refusals = await Promise.all(takes.map(([limiter, key]) => limiter.consume(key).then(() => null, refusalOf)));
  const refusal = refusals.find((r) => r !== null);
  if (!refusal) return;
  // A refused attempt checks no password, so it costs nothing under the other limit either.
  await Promise.all(takes.map(([limiter, key], i) => (refusals[i] === null ? limiter.reward(key, 1) : undefined)));
  throw blockedFor(refusal.msBeforeNext);
}

/** consume() rejects with the limiter's state when over the limit; anything else (a store error past the insurance) lets the attempt through. */
function refusalOf(reason: unknown): RateLimiterRes | null {
  return reason instanceof RateLimiterRes ? reason : null;
}

/** A success gives the attempt back: the account's failures at this address are forgotten, and the address's count keeps only failures. */
async function forgiveAttempt(email: string, address: string): Promise<void> {
  const { perAccount, perAddress } = await limiters();
  await Promise.all([perAccount.delete(accountKey(email, address)), perAddress.reward(address, 1)]);
}

/**
 * Checks an email and password under the throttle: null when wrong, RateLimitedError (429)
 * when this account or address has failed too often lately.
 */
export async function authenticateThrottled(email: string, password: string, address: string): Promise<Caller | null> {
  await takeAttempt(email, address);
  const caller = await authenticate(email, password);
  if (caller) await forgiveAttempt(email, address);
  return caller;
}
