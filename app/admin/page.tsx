import type { Metadata } from "next";
import { Announcements } from "@/components/admin/announcements";
import { AuditLog } from "@/components/admin/audit-log";
import { AvailabilityTable } from "@/components/admin/availability-table";
import { BookingActivityFeed } from "@/components/admin/booking-activity-feed";
import { DisputesQueue } from "@/components/admin/disputes-queue";
import { RecentBookings } from "@/components/admin/recent-bookings";
import { UserActivityFeed } from "@/components/admin/user-activity-feed";
import { AppShell, pinRenderCursor, Section } from "@/components/app-shell";
import { NAV_BY_ROLE } from "@/components/nav";
import { countingTheViewer } from "@/components/staff/counting-the-viewer";
import { LiveStats } from "@/components/staff/live-stats";
import { requireRole } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { listActivity } from "@/lib/domain/activity";
import { listAudit } from "@/lib/domain/audit";
import { listSentAnnouncements } from "@/lib/domain/broadcasts";
import { recentBookingActivity } from "@/lib/domain/booking-activity";
import { listBookings } from "@/lib/domain/bookings";
import { listOpenDisputes } from "@/lib/domain/disputes";
import { listServices } from "@/lib/domain/services";
import { realtimeHub } from "@/lib/realtime/hub";

export const metadata: Metadata = { title: "Admin" };

const RECENT_BOOKINGS = 20;
const ACTIVITY_ITEMS = 50;
const AUDIT_ENTRIES = 20;
const USER_ACTIVITY_PAGE = 30;
const SENT_ANNOUNCEMENTS = 20;

/**
 * The admin dashboard: live system stats, the open disputes to decide, every booking change
 * and what people do as it happens, announcements and those sent, manual availability,
 * declining bookings and the audit log of it all.
 */
export default async function AdminPage() {
  const user = await requireRole("ADMIN");
  await pinRenderCursor(); // before the data, so nothing commits unseen in between
  const hub = realtimeHub();
  const [stats, connections, disputes, activity, userActivity, bookings, services, audit, announcements] = await Promise.all([
    hub?.stats() ?? null,
    hub?.connections() ?? null,
    listOpenDisputes(),
    recentBookingActivity(ACTIVITY_ITEMS),
    listActivity({ limit: USER_ACTIVITY_PAGE }),
    listBookings(user, { limit: RECENT_BOOKINGS }),
    listServices(),
    listAudit(AUDIT_ENTRIES),
    listSentAnnouncements(SENT_ANNOUNCEMENTS),
  ]);
  return (
    <AppShell user={user} title="Administration" nav={NAV_BY_ROLE.ADMIN}>
        <Section title="Live system">
          {/* Read before this page's socket connects: counted as they will be once it has. */}
          <LiveStats initial={stats && connections && { at: Date.now(), stats: countingTheViewer(stats, connections, user).stats }} />
        </Section>
        <Section title="Disputes">
          <DisputesQueue initial={disputes} />
        </Section>
        <div className="grid gap-x-8 lg:grid-cols-2">
          <Section title="Booking activity">
            <BookingActivityFeed initial={activity} limit={ACTIVITY_ITEMS} />
          </Section>
          <Section title="Announcement">
            <Announcements initial={announcements} limit={SENT_ANNOUNCEMENTS} />
          </Section>
        </div>
        <Section title="User activity">
          <UserActivityFeed initial={userActivity} pageSize={USER_ACTIVITY_PAGE} />
        </Section>
        <Section title="Recent bookings">
          <RecentBookings initial={bookings} limit={RECENT_BOOKINGS} currency={config().currency} />
        </Section>
        <Section title="Availability">
          <AvailabilityTable initial={services.map(({ id, title, providerName, capacity, available }) => ({ id, title, providerName, capacity, available }))} />
        </Section>
        <Section title="Audit log">
          <AuditLog
            initial={audit}
            limit={AUDIT_ENTRIES}
            serviceTitles={Object.fromEntries(services.map((s) => [s.id, s.title]))}
            currency={config().currency}
          />
        </Section>
    </AppShell>
  );
}
