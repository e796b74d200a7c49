"use client";

import { Wifi, WifiOff, RefreshCw } from "lucide-react";
import { useRealtime } from "@/hooks/use-realtime";
import type { ConnectionStatus } from "@/lib/realtime/client";

const LOOK: Record<ConnectionStatus, { label: string; className: string; Icon: typeof Wifi; hint: string }> = {
  live: { label: "Live", className: "bg-emerald-50 text-emerald-800 ring-emerald-600/20", Icon: Wifi, hint: "Changes arrive the moment they happen" },
  polling: { label: "Polling", className: "bg-amber-50 text-amber-900 ring-amber-600/20", Icon: RefreshCw, hint: "WebSockets are unavailable; checking for changes every few seconds" },
  offline: { label: "Offline", className: "bg-red-50 text-red-800 ring-red-600/20", Icon: WifiOff, hint: "Not connected; trying again" },
};

/** Live, Polling or Offline, on every dashboard. */
export function ConnectionIndicator() {
  const { status } = useRealtime();
  const { label, className, Icon, hint } = LOOK[status];
  return (
    <span
      role="status"
      aria-live="polite"
      title={hint}
      data-status={status}
      className={`inline-flex shrink-0 items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${className}`}
    >
      <Icon aria-hidden className="size-3.5" />
      {label}
    </span>
  );
}
