import { json, withInternalOrRole } from "@/lib/api/handler";
import { requireHub } from "@/lib/realtime/unavailable";

export const GET = withInternalOrRole(["ADMIN", "STAFF"], async () => json(await requireHub().stats()));
