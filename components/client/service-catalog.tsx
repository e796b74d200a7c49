"use client";

import { useLiveAvailability } from "@/hooks/use-live-availability";
import { ServiceCard, type Service } from "./service-card";
import { useWatchedServices } from "./use-watched-services";

/** Every active service with its availability as it changes, and which full ones the client watches. */
export function ServiceCatalog({ services: initial, watched: initialWatched, currency }: { services: Service[]; watched: string[]; currency: string }) {
  const services = useLiveAvailability(initial);
  const { watched, mark } = useWatchedServices(initialWatched);

  if (services.length === 0) return <p className="text-sm text-slate-600">No services are offered right now. Check back soon.</p>;
  return (
    <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
      {services.map((service) => (
        <ServiceCard
          key={service.id}
          service={service}
          currency={currency}
          watching={watched.has(service.id)}
          onWatchChange={(watching) => mark(service.id, watching)}
        />
      ))}
    </ul>
  );
}
