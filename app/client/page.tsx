import type { Metadata } from "next";
import { AppShell, Section } from "@/components/app-shell";
import { BookingTable } from "@/components/booking-table";
import { NAV_BY_ROLE } from "@/components/nav";
import { requireRole } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { listBookings } from "@/lib/domain/bookings";
import { listServices } from "@/lib/domain/services";
import { formatMoney } from "@/lib/money";

export const metadata: Metadata = { title: "Book a service" };

export default async function ClientPage() {
  const user = await requireRole("CLIENT");
  const [services, bookings] = await Promise.all([listServices(), listBookings(user, { limit: 20 })]);
  const { currency } = config();
  return (
    <AppShell user={user} title="Book a service" nav={NAV_BY_ROLE.CLIENT}>
      <Section title="Services">
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {services.map((s) => (
            <li key={s.id} className="flex flex-col rounded-xl border border-slate-200 p-4">
              <span className="font-medium text-slate-900">{s.title}</span>
              <span className="text-sm text-slate-600">{s.providerName}</span>
              <span className="mt-2 text-sm text-slate-700">{s.description}</span>
              <span className="mt-auto flex items-baseline justify-between pt-3 text-sm">
                <span className="font-semibold">{formatMoney(s.priceCents, currency)}</span>
                <span className={s.available > 0 ? "text-emerald-700" : "text-red-700"}>
                  {s.available} of {s.capacity} free
                </span>
              </span>
            </li>
          ))}
        </ul>
      </Section>
      <Section title="My bookings">
        <BookingTable bookings={bookings} currency={currency} show="client" />
      </Section>
    </AppShell>
  );
}
