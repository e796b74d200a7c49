import { withInternalOrRole } from "@/lib/api/handler";
import { requireHub } from "@/lib/realtime/unavailable";

/** Prometheus text format. */
export const GET = withInternalOrRole(["ADMIN", "STAFF"], async () => {
  const hub = requireHub();
  return new Response(await hub.metrics(), { headers: { "Content-Type": hub.metricsContentType, "Cache-Control": "no-store" } });
});
