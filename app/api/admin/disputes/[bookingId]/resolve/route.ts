import { json, readJson, withAccess } from "@/lib/api/handler";
import { resolveDispute } from "@/lib/domain/disputes";
import { resolveDisputeBodySchema } from "@/lib/validation/schemas";

export const POST = withAccess<{ bookingId: string }>("POST /api/admin/disputes/:bookingId/resolve", async (req, { caller, params }) => {
  const decision = await readJson(req, resolveDisputeBodySchema);
  return json({ booking: await resolveDispute(caller, params.bookingId, decision) });
});
