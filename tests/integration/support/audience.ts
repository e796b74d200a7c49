import type { TestDatabase } from "./server";

/**
 * The ids of the durable events in the log after `after` that are addressed to a user, read
 * from the database by the rule of docs/realtime.md (Missing nothing), written out here on
 * its own rather than through lib/domain/catch-up.ts, whose answers it checks: the user's
 * `user:` key, their `role:`, everyone (`all`), the `admin` room for ADMIN and STAFF, their
 * own `provider:` room for a provider, and the rooms their socket subscribed to: exactly
 * the rooms the socket is in. Oldest first.
 */
export async function audienceIds(
  database: Pick<TestDatabase, "query">,
  user: { id: string; role: string },
  subscribed: string[],
  after: number,
): Promise<number[]> {
  const keys = [`user:${user.id}`, `role:${user.role}`, "all", ...subscribed];
  if (user.role === "ADMIN" || user.role === "STAFF") keys.push("admin");
  if (user.role === "PROVIDER") keys.push(`provider:${user.id}`);
  const rows = await database.query<{ eventId: number | string }>(
    `SELECT DISTINCT t."eventId" FROM "EventTarget" t
     WHERE t."eventId" > $1
       AND t.target = ANY($2::text[])
     ORDER BY t."eventId"`,
    [after, keys],
  );
  return rows.map((row) => Number(row.eventId));
}
