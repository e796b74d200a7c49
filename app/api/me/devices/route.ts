import { json, withAccess } from "@/lib/api/handler";
import { credentialOf } from "@/lib/auth/caller";
import { devicesOf } from "@/lib/auth/sign-ins";

/** The caller's sign-ins, newest first, marking the one asking as this device. */
export const GET = withAccess("GET /api/me/devices", async (req, { caller }) =>
  json({ devices: await devicesOf(caller.id, (await credentialOf(req.headers)).signInId) }),
);
