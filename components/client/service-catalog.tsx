"use client";

import { useEffect, useState } from "react";
import { useRealtime, useRealtimeEvent } from "@/hooks/use-realtime";
import { ServiceCard, type Service } from "./service-card";

type Availability = { id: string; available: number; capacity: number };

/**
 * Every active service with its availability as it changes. Availability events are not
 * stored for catch-up, so each time the connection goes live the counts are asked for again.
 */
export function ServiceCatalog({ services: initial, currency }: { services: Service[]; currency: string }) {
  const [services, setServices] = useState(initial);
  const { status, request } = useRealtime();

  const apply = (updates: Availability[]) =>
    setServices((current) =>
      current.map((s) => {
        const update = updates.find((u) => u.id === s.id);
        return update ? { ...s, available: update.available, capacity: update.capacity } : s;
      }),
    );

  useRealtimeEvent<{ serviceId: string; available: number; capacity: number }>("availability:updated", ({ serviceId, ...counts }) =>
    apply([{ id: serviceId, ...counts }]),
  );
  useEffect(() => {
    if (status !== "live") return;
    void request("availability:get", {}).then((answer) => {
      if (answer.ok) apply(answer.services);
    });
    // `request` and `apply` are new each render; only a change of status should ask again.
  }, [status]);

  if (services.length === 0) return <p className="text-sm text-slate-600">No services are offered right now. Check back soon.</p>;
  return (
    <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
      {services.map((service) => (
        <ServiceCard key={service.id} service={service} currency={currency} />
      ))}
    </ul>
  );
}
