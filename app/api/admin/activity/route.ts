import { json, readQuery, withAccess } from "@/lib/api/handler";
import { listActivity } from "@/lib/domain/activity";
import { listActivityQuerySchema } from "@/lib/validation/schemas";

/** The stored user activity, newest first, a page at a time (`before` = the last page's `nextBefore`). */
export const GET = withAccess("GET /api/admin/activity", async (req) => json(await listActivity(readQuery(req, listActivityQuerySchema))));
