"use client";

import { useEffect, useState } from "react";

/**
 * The current time in ms, ticking every `intervalMs`. Null until mounted, so the server's
 * render and the browser's first one agree (no hydration mismatch over a clock).
 */
export function useNow(intervalMs = 1000): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
