import { json, withAccessOrInternal } from "@/lib/api/handler";
import { requireHub } from "@/lib/realtime/unavailable";

export const GET = withAccessOrInternal("GET /api/realtime/stats", async () => json(await requireHub().stats()));
