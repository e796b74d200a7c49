import { z } from "zod";
import { json, readQuery, withAccess } from "@/lib/api/handler";
import { listAudit } from "@/lib/domain/audit";

const querySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/** The audit log of admin actions, newest first. */
export const GET = withAccess("GET /api/admin/audit", async (req) => json({ entries: await listAudit(readQuery(req, querySchema).limit) }));
