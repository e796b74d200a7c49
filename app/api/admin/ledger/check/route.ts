import { json, withRole } from "@/lib/api/handler";
import { checkLedger } from "@/lib/domain/ledger-check";

export const GET = withRole(["ADMIN", "STAFF"], async () => json(await checkLedger()));
