"use client";

import { Timer } from "lucide-react";
import { useNow } from "./use-now";

/** How long a request's hold has left, turning amber inside the warning window. */
export function HoldCountdown({ expiresAt, warningMs }: { expiresAt: string; warningMs: number }) {
  const now = useNow();
  const left = now === null ? null : Date.parse(expiresAt) - now;
  const tone = left === null ? "text-slate-500" : left <= 0 ? "text-red-700" : left <= warningMs ? "text-amber-800" : "text-slate-700";
  return (
    <span className={`inline-flex items-center gap-1 tabular-nums ${tone}`}>
      <Timer aria-hidden className="size-3.5 shrink-0" />
      {left === null ? "…" : left <= 0 ? "Hold ended" : `${clock(left)} left${left <= warningMs ? ", expiring soon" : ""}`}
    </span>
  );
}

/** 14:05, or 1:02:05 past an hour. */
function clock(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const mmss = `${String(m).padStart(h ? 2 : 1, "0")}:${String(s).padStart(2, "0")}`;
  return h ? `${h}:${mmss}` : mmss;
}
