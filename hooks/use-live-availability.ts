"use client";

import { useEffect, useState } from "react";
import { useRealtime, useRealtimeEvent } from "@/hooks/use-realtime";

type Counts = { id: string; available: number; capacity: number };

/**
 * Services with their free units kept current by `availability:updated` (from the
 * `service:<id>` rooms the caller joins). Those events are volatile, not caught up, so each
 * time the connection goes live the counts are asked for again rather than trusted.
 */
export function useLiveAvailability<S extends Counts>(initial: S[]): S[] {
  const [services, setServices] = useState(initial);
  const { status, request } = useRealtime();
  const apply = (updates: Counts[]) =>
    setServices((current) =>
      current.map((s) => {
        const update = updates.find((u) => u.id === s.id);
        return update ? { ...s, available: update.available, capacity: update.capacity } : s;
      }),
    );

  useRealtimeEvent("availability:updated", ({ serviceId, ...counts }) =>
    apply([{ id: serviceId, ...counts }]),
  );
  useEffect(() => {
    if (status !== "live") return;
    void request("availability:get", {}).then((answer) => answer.ok && apply(answer.services));
    // Only a change of connection calls for a fresh read (`request` is a new function each render).
  }, [status]);
  return services;
}
