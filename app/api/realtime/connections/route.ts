import { json, withRole } from "@/lib/api/handler";
import { requireHub } from "@/lib/realtime/unavailable";

/** Who is connected right now: one row per socket, for the staff monitor. */
export const GET = withRole(["ADMIN", "STAFF"], async () => json({ connections: await requireHub().connections() }));
