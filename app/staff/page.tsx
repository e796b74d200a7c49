import type { Metadata } from "next";
import { AppShell, Section } from "@/components/app-shell";
import { CountGrid } from "@/components/count-grid";
import { NAV_BY_ROLE } from "@/components/nav";
import { requireRole } from "@/lib/auth/session";
import { systemOverview } from "@/lib/domain/overview";

export const metadata: Metadata = { title: "Monitor" };

/** The staff monitor: read-only system counts (live connections join it with the realtime layer). */
export default async function StaffPage() {
  const user = await requireRole("STAFF", "ADMIN");
  const overview = await systemOverview();
  return (
    <AppShell user={user} title="System monitor" nav={NAV_BY_ROLE[user.role]}>
      <Section title="Accounts by role">
        <CountGrid counts={overview.usersByRole} />
      </Section>
      <Section title="Bookings by status">
        <CountGrid counts={overview.bookingsByStatus} />
      </Section>
    </AppShell>
  );
}
