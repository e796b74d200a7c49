import { simulatedProcessor } from "./simulated-processor";

/**
 * The boundary between Switchboard and whoever moves card money. The domain decides what
 * money moves (and writes it to the ledger in the same transaction); a processor carries
 * it out, after the commit. Outcomes the processor learns later come back the way a real
 * one reports them: payments through the signed webhook (POST /api/webhooks/payments),
 * payouts through recordPayoutStep (lib/domain/payouts.ts). docs/money.md says what a real
 * integration (Stripe Connect, say) must implement.
 */

export type ChargeRequest = { paymentId: string; bookingId: string; amountCents: number; currency: string };
export type RefundRequest = ChargeRequest & { refundCents: number };
export type TransferRequest = { payoutId: string; bookingId: string; providerId: string; amountCents: number; currency: string };

export interface PaymentProcessor {
  /**
   * Starts taking a card payment (authorize and capture). Resolves once the processor has
   * accepted the request; whether the money came in arrives later as a signed webhook
   * (`PAID` or `FAILED`) naming the payment. Repeating a request for one paymentId must not
   * charge twice. A rejection marks the payment FAILED.
   */
  charge(request: ChargeRequest): Promise<void>;
  /** Returns `refundCents` of a captured payment to the client's card; idempotent per paymentId. */
  refund(request: RefundRequest): Promise<void>;
  /** Sends a provider's payout; its progress comes back through recordPayoutStep. */
  transfer(request: TransferRequest): Promise<void>;
  /**
   * Called on every scheduler tick, on one node of the cluster at a time: work the processor
   * does on its own time (the simulated one's confirmations after a restart, its payout
   * steps). Returns how many things it did.
   */
  tick(now: Date): Promise<number>;
}

/** The processor in use. The simulated one is the only one today; a real one is chosen here. */
export function paymentProcessor(): PaymentProcessor {
  return simulatedProcessor;
}
