import { RateLimiterMemory, type RateLimiterAbstract } from "rate-limiter-flexible";
import { RateLimitedError } from "../api/errors";
import { config } from "../config";
import type { Caller } from "./identity";
import { authenticate } from "./caller";

/**
 * Brute-force protection for password checks (POST /api/token and the browser's sign-in):
 * failed attempts are counted per account and address (someone guessing one account's
 * password) and per address (someone trying many accounts). Once either count reaches its
 * limit within the window, further attempts are refused with 429 `RATE_LIMITED` before the
 * password is checked, until the window ends. A success clears the account's count.
 *
 * The counters live in memory, so each node counts alone. For a cluster, build the two
 * limiters in `createLimiter` from rate-limiter-flexible's RateLimiterRedis with the same
 * options; nothing else changes.
 */

type Limiters = { perAccount: RateLimiterAbstract; perAddress: RateLimiterAbstract };

function createLimiter(keyPrefix: string, points: number, durationS: number): RateLimiterAbstract {
  return new RateLimiterMemory({ keyPrefix, points, duration: durationS });
}

// Next bundles each route apart; the counters must be one set per process, whichever route counts.
const globalForThrottle = globalThis as unknown as { switchboardSignInLimiters?: Limiters };

function limiters(): Limiters {
  const { maxFailuresPerAccount, maxFailuresPerAddress, windowSeconds } = config().signInThrottle;
  globalForThrottle.switchboardSignInLimiters ??= {
    perAccount: createLimiter("sign-in:account", maxFailuresPerAccount, windowSeconds),
    perAddress: createLimiter("sign-in:address", maxFailuresPerAddress, windowSeconds),
  };
  return globalForThrottle.switchboardSignInLimiters;
}

const accountKey = (email: string, address: string) => `${email.trim().toLowerCase()}|${address}`;

/** Throws RateLimitedError (429 with Retry-After) when this account at this address, or this address, is blocked now. */
export async function assertSignInAllowed(email: string, address: string): Promise<void> {
  const { perAccount, perAddress } = limiters();
  const checks = [
    [perAccount, accountKey(email, address)],
    [perAddress, address],
  ] as const;
  for (const [limiter, key] of checks) {
    const state = await limiter.get(key);
    if (state && state.consumedPoints >= limiter.points) {
      const retryAfterS = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
      throw new RateLimitedError(retryAfterS, `Too many failed sign-in attempts; try again in ${retryAfterS} s`);
    }
  }
}

/** Counts a failed attempt against both limits. */
export async function recordSignInFailure(email: string, address: string): Promise<void> {
  const { perAccount, perAddress } = limiters();
  // consume() rejects once a key is past its limit; the key is blocked then, which is the point.
  const count = (limiter: RateLimiterAbstract, key: string) => limiter.consume(key).then(() => undefined, () => undefined);
  await Promise.all([count(perAccount, accountKey(email, address)), count(perAddress, address)]);
}

/** A success forgets the account's failures at this address (the address's stay counted). */
export async function recordSignInSuccess(email: string, address: string): Promise<void> {
  await limiters().perAccount.delete(accountKey(email, address));
}

/**
 * Checks an email and password under the throttle: null when wrong, RateLimitedError (429)
 * when this account or address has failed too often lately.
 */
export async function authenticateThrottled(email: string, password: string, address: string): Promise<Caller | null> {
  await assertSignInAllowed(email, address);
  const caller = await authenticate(email, password);
  await (caller ? recordSignInSuccess(email, address) : recordSignInFailure(email, address));
  return caller;
}
