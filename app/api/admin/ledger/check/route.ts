import { json, withAccess } from "@/lib/api/handler";
import { checkLedger } from "@/lib/domain/ledger-check";

export const GET = withAccess("GET /api/admin/ledger/check", async () => json(await checkLedger()));
