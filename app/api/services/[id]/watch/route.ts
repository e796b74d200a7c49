import { json, withAccess } from "@/lib/api/handler";
import { unwatchService, watchService } from "@/lib/domain/alert-settings";

export const POST = withAccess<{ id: string }>("POST /api/services/:id/watch", async (_req, { caller, params }) => json(await watchService(caller, params.id)));

export const DELETE = withAccess<{ id: string }>("DELETE /api/services/:id/watch", async (_req, { caller, params }) => json(await unwatchService(caller, params.id)));
