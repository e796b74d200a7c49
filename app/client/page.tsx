import type { Metadata } from "next";
import { AppShell, pinRenderCursor, Section } from "@/components/app-shell";
import { BookingsProvider } from "@/components/client/bookings-provider";
import { MyBookings } from "@/components/client/my-bookings";
import { MyBookingsJump } from "@/components/client/my-bookings-jump";
import { ServiceCatalog } from "@/components/client/service-catalog";
import { NAV_BY_ROLE } from "@/components/nav";
import { requireRole } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { watchedServiceIds } from "@/lib/domain/alert-settings";
import { listBookings } from "@/lib/domain/bookings";
import { listServices } from "@/lib/domain/services";

export const metadata: Metadata = { title: "Book a service" };

/** The client's dashboard: services to book with live availability, and their own bookings, live. */
export default async function ClientPage() {
  const user = await requireRole("CLIENT");
  await pinRenderCursor(); // before the data, so nothing commits unseen in between
  const [services, bookings, watched] = await Promise.all([listServices(), listBookings(user, { limit: 50 }), watchedServiceIds(user.id)]);
  const { currency, holdWarningMs } = config();
  return (
    <AppShell user={user} title="Book a service" nav={NAV_BY_ROLE.CLIENT}>
      <BookingsProvider initialBookings={bookings}>
        <MyBookingsJump target="my-bookings" />
        <Section title="Services">
          <ServiceCatalog services={services} watched={watched} currency={currency} />
        </Section>
        <Section title="My bookings" id="my-bookings">
          <MyBookings meId={user.id} currency={currency} holdWarningMs={holdWarningMs} />
        </Section>
      </BookingsProvider>
    </AppShell>
  );
}
