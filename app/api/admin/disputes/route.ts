import { json, withRole } from "@/lib/api/handler";
import { listOpenDisputes } from "@/lib/domain/disputes";

export const GET = withRole(["ADMIN"], async () => json({ disputes: await listOpenDisputes() }));
