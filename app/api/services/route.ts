import { json, withAccess } from "@/lib/api/handler";
import { listServices } from "@/lib/domain/services";

export const GET = withAccess("GET /api/services", async () => json({ services: await listServices() }));
