import { withAccessOrInternal } from "@/lib/api/handler";
import { requireHub } from "@/lib/realtime/unavailable";

/** Prometheus text format. */
export const GET = withAccessOrInternal("GET /api/metrics", async () => {
  const hub = requireHub();
  return new Response(await hub.metrics(), { headers: { "Content-Type": hub.metricsContentType, "Cache-Control": "no-store" } });
});
