"use client";

import { CalendarClock, History, Inbox, type LucideIcon } from "lucide-react";
import type { BookingStatus } from "@/lib/domain/state-machines";
import type { BookingView } from "@/lib/domain/views";
import { BookingCard } from "./booking-card";
import { ClippedList } from "./clipped-list";
import { EmptyState } from "./empty-state";
import { useProviderBoard } from "./provider-board";

type Group = {
  statuses: readonly BookingStatus[];
  order: (a: BookingView, b: BookingView) => number;
  /** How many show before "Show all"; requests and work always show in full. */
  limit: number;
  empty: { Icon: LucideIcon; title: string; body: string };
};

const GROUPS = {
  // Newest request first: a new one lands at the top.
  requests: {
    statuses: ["PENDING"],
    order: (a, b) => b.createdAt.localeCompare(a.createdAt),
    limit: Infinity,
    empty: { Icon: Inbox, title: "No requests waiting", body: "New requests appear here the moment a client books." },
  },
  // The next appointment first.
  work: {
    statuses: ["CONFIRMED", "IN_PROGRESS"],
    order: (a, b) => a.scheduledAt.localeCompare(b.scheduledAt),
    limit: Infinity,
    empty: { Icon: CalendarClock, title: "Nothing scheduled", body: "Requests you accept wait here until you start and complete them." },
  },
  history: {
    statuses: ["COMPLETED", "REJECTED", "CANCELLED", "EXPIRED", "DECLINED"],
    order: (a, b) => b.updatedAt.localeCompare(a.updatedAt),
    limit: 5,
    empty: { Icon: History, title: "No past bookings yet", body: "Completed, rejected, cancelled and expired bookings end up here." },
  },
} satisfies Record<string, Group>;

/** The provider's bookings in one stage of their life: requests, work, or history. */
export function BookingList({ group }: { group: keyof typeof GROUPS }) {
  const { bookings, freshIds } = useProviderBoard();
  const { statuses, order, limit, empty } = GROUPS[group] as Group;
  const items = bookings.filter((b) => statuses.includes(b.status)).sort(order);
  if (items.length === 0) {
    return (
      <EmptyState Icon={empty.Icon} title={empty.title}>
        {empty.body}
      </EmptyState>
    );
  }
  return (
    <ClippedList items={items} limit={limit} noun="bookings" className="flex flex-col gap-3">
      {(b) => <BookingCard booking={b} fresh={freshIds.has(b.id)} />}
    </ClippedList>
  );
}
