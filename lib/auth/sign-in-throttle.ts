import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { config } from "../config";
import { addressKey, budget, overBudget, spend } from "../fair-use/budgets";
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
 * The counters are budgets (lib/fair-use/budgets.ts): shared by every node through Redis
 * with REDIS_URL, so a guesser gets the limit once, not once per node.
 */

type Limiters = { perAccount: RateLimiterAbstract; perAddress: RateLimiterAbstract };

async function limiters(): Promise<Limiters> {
  const { maxFailuresPerAccount, maxFailuresPerAddress, windowSeconds } = config().signInThrottle;
  const [perAccount, perAddress] = await Promise.all([
    budget("sign-in:account", maxFailuresPerAccount, windowSeconds),
    budget("sign-in:address", maxFailuresPerAddress, windowSeconds),
  ]);
  return { perAccount, perAddress };
}

const accountKey = (email: string, address: string) => `${email.trim().toLowerCase()}|${addressKey(address)}`;

/**
 * Throws RateLimitedError (429 with Retry-After) when this address, or this account at this
 * address, is blocked now. Only looks: the sign-in form's route answers a blocked attempt
 * early with it; authenticateThrottled is what counts.
 */
export async function assertSignInAllowed(email: string, address: string): Promise<void> {
  const { perAccount, perAddress } = await limiters();
  const checks = [
    [perAddress, addressKey(address)],
    [perAccount, accountKey(email, address)],
  ] as const;
  for (const [limiter, key] of checks) {
    const state = await limiter.get(key);
    if (state && state.consumedPoints >= limiter.points) throw blockedFor(state.msBeforeNext);
  }
}

const blockedFor = (msBeforeNext: number) => overBudget(msBeforeNext, "Too many failed sign-in attempts");

/**
 * Takes an attempt's place under both limits before its password is checked, so guesses
 * sent all at once are counted as they arrive, not after their (slow) checks: a burst gets
 * the limit, not one free round per window. Throws RateLimitedError when it is over either.
 * The address is counted first: an address over its limit makes no entry per email, so
 * trying a million emails costs the server one entry, not a million.
 */
async function takeAttempt(email: string, address: string): Promise<void> {
  const { perAccount, perAddress } = await limiters();
  const addressRefused = await spend(perAddress, addressKey(address));
  if (addressRefused !== null) throw blockedFor(addressRefused);
  const accountRefused = await spend(perAccount, accountKey(email, address));
  if (accountRefused === null) return;
  // A refused attempt checks no password, so it costs the address nothing either.
  await perAddress.reward(addressKey(address), 1);
  throw blockedFor(accountRefused);
}

/** A success gives the attempt back: the account's failures at this address are forgotten, and the address's count keeps only failures. */
async function forgiveAttempt(email: string, address: string): Promise<void> {
  const { perAccount, perAddress } = await limiters();
  await Promise.all([perAccount.delete(accountKey(email, address)), perAddress.reward(addressKey(address), 1)]);
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
