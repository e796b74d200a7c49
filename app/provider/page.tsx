import type { Metadata } from "next";
import { AppShell, pinRenderCursor, Section } from "@/components/app-shell";
import { NAV_BY_ROLE } from "@/components/nav";
import { BookingList } from "@/components/provider/booking-list";
import { EarningsPanel } from "@/components/provider/earnings-panel";
import { ProviderBoard } from "@/components/provider/provider-board";
import { ServiceList } from "@/components/provider/service-list";
import { requireRole } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { alertThresholdsOf } from "@/lib/domain/alert-settings";
import { listBookings } from "@/lib/domain/bookings";
import { providerEarnings } from "@/lib/domain/earnings";
import { listServices } from "@/lib/domain/services";

export const metadata: Metadata = { title: "Requests" };

/** Every open booking holds a unit, so this many per state is more than any provider has. */
const OPEN_LIMIT = 200;

export default async function ProviderPage() {
  const user = await requireRole("PROVIDER");
  await pinRenderCursor(); // before the data, so nothing commits unseen in between
  const [services, requests, confirmed, inProgress, recent, thresholds] = await Promise.all([
    listServices({ providerId: user.id }),
    listBookings(user, { status: "PENDING", limit: OPEN_LIMIT }),
    listBookings(user, { status: "CONFIRMED", limit: OPEN_LIMIT }),
    listBookings(user, { status: "IN_PROGRESS", limit: OPEN_LIMIT }),
    listBookings(user, { limit: 20 }),
    alertThresholdsOf(user.id),
  ]);
  const shown = [...requests, ...confirmed, ...inProgress, ...recent];
  const earnings = await providerEarnings(user.id, shown);
  const { currency, holdWarningMs, platformFeePercent, money } = config();
  return (
    <AppShell user={user} title="Requests and work" nav={NAV_BY_ROLE.PROVIDER}>
      <ProviderBoard
        initialBookings={[...shown, ...earnings.bookings]}
        settings={{
          meId: user.id,
          currency,
          holdWarningMs,
          platformFeePercent,
          disputeWindowHours: money.disputeWindowMs / 3_600_000,
          settledElsewhere: earnings.elsewhere,
        }}
      >
        <div className="grid items-start gap-x-8 lg:grid-cols-[minmax(0,1fr)_22rem]">
          <div>
            <Section title="Booking requests">
              <BookingList group="requests" />
            </Section>
            <Section title="Upcoming and in progress">
              <BookingList group="work" />
            </Section>
          </div>
          <div>
            <Section title="Earnings">
              <EarningsPanel />
            </Section>
            <Section title="My services">
              <ServiceList services={services} thresholds={thresholds} currency={currency} />
            </Section>
          </div>
        </div>
        <Section title="History">
          <BookingList group="history" />
        </Section>
      </ProviderBoard>
    </AppShell>
  );
}
