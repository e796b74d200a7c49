import { StatusBadge } from "@/components/status-badge";
import { utcTime } from "@/components/staff/utc-time";
import type { listOpenDisputes } from "@/lib/domain/disputes";
import type { PaymentEventAction } from "@/lib/domain/notices";
import type { BookingEventAction } from "@/lib/domain/state-machines";

type Step = Awaited<ReturnType<typeof listOpenDisputes>>[number]["timeline"][number];

const BOOKING_STEPS: Record<BookingEventAction, string> = {
  created: "Booking requested",
  expiring: "Hold about to run out",
  expired: "Hold ran out",
  renewed: "Hold renewed",
  accepted: "Accepted by the provider",
  rejected: "Rejected by the provider",
  declined: "Declined by an admin",
  cancelled: "Cancelled",
  started: "Work started",
  completed: "Work completed",
};

const PAYMENT_STEPS: Record<PaymentEventAction, string> = {
  pending: "Payment started",
  paid: "Payment received",
  escrowed: "Held in escrow",
  released: "Released to the provider",
  refunded: "Refunded",
  partially_refunded: "Partly refunded",
  failed: "Payment failed",
  disputed: "Disputed by the client",
  dispute_resolved: "Dispute resolved",
};

/** A disputed booking's booking and payment steps, oldest first, as the admin reads them to decide. */
export function DisputeTimeline({ steps }: { steps: Step[] }) {
  if (steps.length === 0) return <p className="text-sm text-slate-600">No steps on record.</p>;
  return (
    <ol aria-label="Timeline, oldest first" className="space-y-1.5 border-l border-slate-200 pl-3 text-sm">
      {steps.map((step, index) => {
        const words: Record<string, string> = step.type === "payment:updated" ? PAYMENT_STEPS : BOOKING_STEPS;
        return (
          <li key={`${step.at}-${index}`} className="flex flex-wrap items-baseline gap-x-2">
            <time dateTime={step.at} className="basis-full text-xs tabular-nums text-slate-500 sm:basis-auto">
              {utcTime(step.at, { withDate: true })}
            </time>
            <span className="text-slate-800">{words[step.action] ?? step.action}</span>
            {step.status ? <StatusBadge status={step.status} /> : null}
          </li>
        );
      })}
    </ol>
  );
}
