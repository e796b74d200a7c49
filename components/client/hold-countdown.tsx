"use client";

import { Timer, TriangleAlert } from "lucide-react";
import { useNow } from "./use-now";

/**
 * The time left on a PENDING booking's hold, ticking each second. It turns into a warning
 * when the server says the hold is about to run out (`warned`) or when less than
 * `warningMs` is left, whichever comes first; the EXPIRED state itself comes from the server.
 */
export function HoldCountdown({
  holdExpiresAt,
  warned,
  warningMs,
  providerName,
}: {
  holdExpiresAt: string;
  warned: boolean;
  warningMs: number;
  providerName: string;
}) {
  const now = useNow();
  const left = now === null ? null : Math.max(0, Date.parse(holdExpiresAt) - now);
  const warning = warned || (left !== null && left <= warningMs);
  return (
    <div
      className={`flex items-start gap-2 rounded-lg px-3 py-2 text-sm ${warning ? "bg-amber-50 text-amber-950 ring-1 ring-inset ring-amber-600/30" : "bg-slate-50 text-slate-700"}`}
    >
      {warning ? <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0 text-amber-700" /> : <Timer aria-hidden className="mt-0.5 size-4 shrink-0 text-slate-500" />}
      <div>
        <p>
          Hold ends in{" "}
          <span className="font-semibold tabular-nums">
            {left === null ? "--:--" : formatMinutesSeconds(left)}
          </span>{" "}
          · waiting for {providerName} to accept
        </p>
        {/* A live region of its own, so the warning is announced once and the ticking is not. */}
        <p role="status" className="font-medium empty:hidden">
          {warning ? "Hold ends soon. If it runs out, you can renew the request." : null}
        </p>
      </div>
    </div>
  );
}

/** 754_000 ms → "12:34"; partial seconds count as whole ones, so it reads 00:00 only at the end. */
function formatMinutesSeconds(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return `${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
}
