import { json, readJson, withRole } from "@/lib/api/handler";
import { openDispute } from "@/lib/domain/disputes";
import { openDisputeBodySchema } from "@/lib/validation/schemas";

export const POST = withRole<{ id: string }>(["CLIENT"], async (req, { caller, params }) => {
  const { reason } = await readJson(req, openDisputeBodySchema);
  return json({ booking: await openDispute(caller, params.id, reason) });
});
