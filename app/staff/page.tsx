import type { Metadata } from "next";
import { AppShell, pinRenderCursor, Section } from "@/components/app-shell";
import { NAV_BY_ROLE } from "@/components/nav";
import { ConnectionsTable } from "@/components/staff/connections-table";
import { countingTheViewer } from "@/components/staff/counting-the-viewer";
import { LiveStats } from "@/components/staff/live-stats";
import { requireRole } from "@/lib/auth/session";
import { realtimeHub } from "@/lib/realtime/hub";

export const metadata: Metadata = { title: "Monitor" };

/** The staff monitor (admins see it too): the realtime layer's live stats and who is connected. Read-only. */
export default async function StaffPage() {
  const user = await requireRole("STAFF", "ADMIN");
  await pinRenderCursor(); // before the data, so nothing commits unseen in between
  const hub = realtimeHub();
  const [stats, connections] = await Promise.all([hub?.stats() ?? null, hub?.connections() ?? null]);
  // Read before this page's socket connects: counted as they will be once it has.
  const seen = stats && connections ? countingTheViewer(stats, connections, user) : { stats, connections };
  return (
    <AppShell user={user} title="System monitor" nav={NAV_BY_ROLE[user.role]}>
      <Section title="Live system">
        <LiveStats initial={seen.stats && { at: Date.now(), stats: seen.stats }} />
      </Section>
      <Section title="Who is connected">
        <ConnectionsTable initial={seen.connections} meId={user.id} />
      </Section>
    </AppShell>
  );
}
