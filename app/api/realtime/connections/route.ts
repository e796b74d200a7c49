import { json, withAccess } from "@/lib/api/handler";
import { requireHub } from "@/lib/realtime/unavailable";

/** Who is connected right now: one row per socket, for the staff monitor. */
export const GET = withAccess("GET /api/realtime/connections", async () => json({ connections: await requireHub().connections() }));
