import { json, readJson, withAccess } from "@/lib/api/handler";
import { setAvailability } from "@/lib/domain/availability";
import { serviceView } from "@/lib/domain/views";
import { setAvailabilityBodySchema } from "@/lib/validation/schemas";

export const PUT = withAccess<{ id: string }>("PUT /api/admin/services/:id/availability", async (req, { caller, params }) => {
  const { available } = await readJson(req, setAvailabilityBodySchema);
  return json({ service: serviceView(await setAvailability(caller, params.id, available)) });
});
