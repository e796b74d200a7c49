import { json, withAccess } from "@/lib/api/handler";
import { listOpenDisputes } from "@/lib/domain/disputes";

export const GET = withAccess("GET /api/admin/disputes", async () => json({ disputes: await listOpenDisputes() }));
