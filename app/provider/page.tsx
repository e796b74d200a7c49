import type { Metadata } from "next";
import { AppShell, Section } from "@/components/app-shell";
import { BookingTable } from "@/components/booking-table";
import { NAV_BY_ROLE } from "@/components/nav";
import { requireRole } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { listBookings } from "@/lib/domain/bookings";
import { listServices } from "@/lib/domain/services";
import { formatMoney } from "@/lib/money";

export const metadata: Metadata = { title: "Requests" };

export default async function ProviderPage() {
  const user = await requireRole("PROVIDER");
  const [services, bookings] = await Promise.all([listServices({ providerId: user.id }), listBookings(user, { limit: 20 })]);
  const { currency } = config();
  return (
    <AppShell user={user} title="Requests and work" nav={NAV_BY_ROLE.PROVIDER}>
      <Section title="Booking requests">
        <BookingTable bookings={bookings} currency={currency} show="provider" />
      </Section>
      <Section title="My services">
        <ul className="divide-y divide-slate-100 text-sm">
          {services.map((s) => (
            <li key={s.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2">
              <span className="font-medium text-slate-900">{s.title}</span>
              <span className="text-slate-700">
                {formatMoney(s.priceCents, currency)} · {s.available} of {s.capacity} free
              </span>
            </li>
          ))}
        </ul>
      </Section>
    </AppShell>
  );
}
