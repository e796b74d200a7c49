"use client";

import { useLiveAvailability } from "@/hooks/use-live-availability";
import { ServiceCard, type Service } from "./service-card";

/** Every active service with its availability as it changes. */
export function ServiceCatalog({ services: initial, currency }: { services: Service[]; currency: string }) {
  const services = useLiveAvailability(initial);

  if (services.length === 0) return <p className="text-sm text-slate-600">No services are offered right now. Check back soon.</p>;
  return (
    <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
      {services.map((service) => (
        <ServiceCard key={service.id} service={service} currency={currency} />
      ))}
    </ul>
  );
}
