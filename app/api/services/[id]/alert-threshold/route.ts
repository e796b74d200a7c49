import { json, readJson, withRole } from "@/lib/api/handler";
import { getAlertThreshold, setAlertThreshold } from "@/lib/domain/alert-settings";
import { alertThresholdBodySchema } from "@/lib/validation/schemas";

export const GET = withRole<{ id: string }>(["PROVIDER"], async (_req, { caller, params }) => json(await getAlertThreshold(caller, params.id)));

export const PUT = withRole<{ id: string }>(["PROVIDER"], async (req, { caller, params }) => {
  const { threshold } = await readJson(req, alertThresholdBodySchema);
  return json(await setAlertThreshold(caller, params.id, threshold));
});
