import { config } from "../config";
import { addressKey, budget, overBudget, spend } from "./budgets";

/**
 * HTTP budgets: every request made on a user's behalf spends one point of that user's
 * budget, and every request before sign-in (signing in, or no identity at all) one of its
 * address's. Over either: 429 RATE_LIMITED with Retry-After. One budget per cluster with
 * REDIS_URL (lib/fair-use/budgets.ts).
 */
const MINUTE_S = 60;

/** Spends one request of the user's budget; throws RateLimitedError when it is spent. */
export async function spendUserRequest(userId: string): Promise<void> {
  const limiter = await budget("http:user", config().fairUse.httpPerUserPerMinute, MINUTE_S);
  const wait = await spend(limiter, userId);
  if (wait !== null) throw overBudget(wait, "Too many requests");
}

/** Spends one request of the address's budget (requests without a signed-in user); throws RateLimitedError when it is spent. */
export async function spendAddressRequest(address: string): Promise<void> {
  const limiter = await budget("http:address", config().fairUse.httpPerAddressPerMinute, MINUTE_S);
  const wait = await spend(limiter, addressKey(address));
  if (wait !== null) throw overBudget(wait, "Too many requests from this address");
}
