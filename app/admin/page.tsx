import type { Metadata } from "next";
import { AppShell, Section } from "@/components/app-shell";
import { BookingTable } from "@/components/booking-table";
import { CountGrid } from "@/components/count-grid";
import { NAV_BY_ROLE } from "@/components/nav";
import { requireRole } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { listAudit } from "@/lib/domain/audit";
import { listBookings } from "@/lib/domain/bookings";
import { systemOverview } from "@/lib/domain/overview";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const user = await requireRole("ADMIN");
  const [overview, bookings, audit] = await Promise.all([systemOverview(), listBookings(user, { limit: 20 }), listAudit(20)]);
  return (
    <AppShell user={user} title="Administration" nav={NAV_BY_ROLE.ADMIN}>
      <Section title="Bookings by status">
        <CountGrid counts={overview.bookingsByStatus} />
      </Section>
      <Section title="Recent bookings">
        <BookingTable bookings={bookings} currency={config().currency} show="both" />
      </Section>
      <Section title="Audit log">
        {audit.length === 0 ? (
          <p className="text-sm text-slate-600">No admin actions yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {audit.map((entry) => (
              <li key={entry.id} className="py-2">
                <span className="font-medium">{entry.actorName}</span> {entry.action} on {entry.targetType} {entry.targetId}{" "}
                <time className="text-slate-500" dateTime={entry.createdAt}>
                  {new Date(entry.createdAt).toLocaleString("en-US", { timeZone: "UTC" })} UTC
                </time>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </AppShell>
  );
}
