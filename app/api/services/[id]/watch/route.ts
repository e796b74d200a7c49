import { json, withRole } from "@/lib/api/handler";
import { unwatchService, watchService } from "@/lib/domain/alert-settings";

export const POST = withRole<{ id: string }>(["CLIENT"], async (_req, { caller, params }) => json(await watchService(caller, params.id)));

export const DELETE = withRole<{ id: string }>(["CLIENT"], async (_req, { caller, params }) => json(await unwatchService(caller, params.id)));
