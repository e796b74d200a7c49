import { db } from "../db/client";
import { serviceView } from "./views";

/** Every active service with its live availability, for anyone signed in. */
export async function listServices(filter: { providerId?: string } = {}) {
  const services = await db().service.findMany({
    where: { active: true, ...(filter.providerId ? { providerId: filter.providerId } : {}) },
    orderBy: [{ title: "asc" }, { id: "asc" }],
    include: { provider: { select: { name: true } } },
  });
  return services.map(serviceView);
}
