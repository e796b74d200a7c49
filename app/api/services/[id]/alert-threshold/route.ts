import { json, readJson, withAccess } from "@/lib/api/handler";
import { getAlertThreshold, setAlertThreshold } from "@/lib/domain/alert-settings";
import { alertThresholdBodySchema } from "@/lib/validation/schemas";

export const GET = withAccess<{ id: string }>("GET /api/services/:id/alert-threshold", async (_req, { caller, params }) => json(await getAlertThreshold(caller, params.id)));

export const PUT = withAccess<{ id: string }>("PUT /api/services/:id/alert-threshold", async (req, { caller, params }) => {
  const { threshold } = await readJson(req, alertThresholdBodySchema);
  return json(await setAlertThreshold(caller, params.id, threshold));
});
