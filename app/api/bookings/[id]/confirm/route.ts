import { json, withAccess } from "@/lib/api/handler";
import { confirmBooking } from "@/lib/domain/escrow";

/** The client confirms completed work: its escrow is released to the provider. */
export const POST = withAccess<{ id: string }>("POST /api/bookings/:id/confirm", async (_req, { caller, params }) => json({ booking: await confirmBooking(caller, params.id) }));
