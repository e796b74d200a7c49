import { json, withCaller } from "@/lib/api/handler";
import { listServices } from "@/lib/domain/services";

export const GET = withCaller(async () => json({ services: await listServices() }));
