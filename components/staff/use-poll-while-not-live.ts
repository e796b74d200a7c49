"use client";

import { useEffect, useRef } from "react";
import { useRealtime } from "@/hooks/use-realtime";

/**
 * Calls `load` every `intervalMs` while the realtime connection is not live. Stats and
 * presence travel only over the socket, so without it the monitor would freeze; with it,
 * the pushes take over again.
 */
export function usePollWhileNotLive(load: () => void, intervalMs: number): void {
  const { status } = useRealtime();
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    if (status === "live") return;
    const timer = setInterval(() => latest.current(), intervalMs);
    return () => clearInterval(timer);
  }, [status, intervalMs]);
}
