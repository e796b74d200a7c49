import { json, withRole } from "@/lib/api/handler";
import { watchedServiceIds } from "@/lib/domain/alert-settings";

export const GET = withRole(["CLIENT"], async (_req, { caller }) => json({ serviceIds: await watchedServiceIds(caller.id) }));
