import { json, readQuery, withRole } from "@/lib/api/handler";
import { listActivity } from "@/lib/domain/activity";
import { listActivityQuerySchema } from "@/lib/validation/schemas";

/** The stored user activity, newest first, a page at a time (`before` = the last page's `nextBefore`). */
export const GET = withRole(["ADMIN"], async (req) => json(await listActivity(readQuery(req, listActivityQuerySchema))));
