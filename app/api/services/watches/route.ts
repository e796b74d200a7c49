import { json, withAccess } from "@/lib/api/handler";
import { watchedServiceIds } from "@/lib/domain/alert-settings";

export const GET = withAccess("GET /api/services/watches", async (_req, { caller }) => json({ serviceIds: await watchedServiceIds(caller.id) }));
