"use client";

import { useState } from "react";
import { useRealtimeEvent } from "@/hooks/use-realtime";

/**
 * The services the client watches, from the page's render and then from `watch:updated`
 * (a toggle in this tab or another, or a booking that ended a watch).
 */
export function useWatchedServices(initial: string[]) {
  const [watched, setWatched] = useState(() => new Set(initial));
  const mark = (serviceId: string, watching: boolean) =>
    setWatched((current) => {
      if (current.has(serviceId) === watching) return current;
      const next = new Set(current);
      if (watching) next.add(serviceId);
      else next.delete(serviceId);
      return next;
    });
  useRealtimeEvent("watch:updated", ({ serviceId, watching }) => mark(serviceId, watching));
  return { watched, mark };
}
