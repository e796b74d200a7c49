import { json, readJson, withAccess } from "@/lib/api/handler";
import { openDispute } from "@/lib/domain/disputes";
import { openDisputeBodySchema } from "@/lib/validation/schemas";

export const POST = withAccess<{ id: string }>("POST /api/bookings/:id/dispute", async (req, { caller, params }) => {
  const { reason } = await readJson(req, openDisputeBodySchema);
  return json({ booking: await openDispute(caller, params.id, reason) });
});
