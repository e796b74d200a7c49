"use client";

import { useId } from "react";
import { AlertTriangle, BellOff, CheckCheck, Loader2 } from "lucide-react";
import type { NotificationView } from "@/lib/domain/notification-view";
import { NotificationItem } from "./notification-item";
import type { InboxFilter, InboxList } from "./use-inbox";

const EMPTY: Record<InboxFilter, { title: string; hint: string }> = {
  all: { title: "No notifications yet", hint: "Booking updates, payments and announcements will appear here as they happen." },
  unread: { title: "You're all caught up", hint: "Nothing unread. New notifications appear here the moment they arrive." },
  bookings: { title: "No booking notifications", hint: "Requests, confirmations and messages about bookings will appear here." },
  payments: { title: "No payment notifications", hint: "Payments, escrow and payouts will appear here." },
  system: { title: "No announcements", hint: "Announcements from the Switchboard team will appear here." },
};

const startOfDay = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();

/** "Today", "Yesterday", or the date (with the year only when it is not this year). */
function dayLabel(date: Date, now: Date): string {
  const daysAgo = Math.round((startOfDay(now) - startOfDay(date)) / 86_400_000); // rounding absorbs DST days
  if (daysAgo === 0) return "Today";
  if (daysAgo === 1) return "Yesterday";
  return date.toLocaleDateString(undefined, {
    weekday: "long",
    month: "long",
    day: "numeric",
    ...(date.getFullYear() === now.getFullYear() ? {} : { year: "numeric" }),
  });
}

function byDay(items: NotificationView[]): { label: string; items: NotificationView[] }[] {
  const now = new Date();
  const groups: { key: number; label: string; items: NotificationView[] }[] = [];
  for (const item of items) {
    const date = new Date(item.createdAt);
    const key = startOfDay(date);
    if (groups.at(-1)?.key !== key) groups.push({ key, label: dayLabel(date, now), items: [] });
    groups.at(-1)!.items.push(item);
  }
  return groups;
}

/** The items of one filter grouped by day, or its loading, empty or error state, and "Load older". */
export function NotificationList({
  filter,
  list,
  onRead,
  onRetry,
  onLoadOlder,
}: {
  filter: InboxFilter;
  list: InboxList;
  onRead: (id: string) => void;
  onRetry: () => void;
  onLoadOlder: () => void;
}) {
  const headingPrefix = useId();
  if (list.items.length === 0) {
    if (list.status === "loading") return <LoadingRows />;
    if (list.status === "error") {
      return (
        <div role="alert" className="flex flex-col items-center px-6 py-10 text-center">
          <AlertTriangle aria-hidden className="size-8 text-amber-600" />
          <p className="mt-3 text-sm font-medium text-slate-900">Could not load your notifications</p>
          <p className="mt-1 text-sm text-slate-600">Check your connection and try again.</p>
          <button type="button" onClick={onRetry} className="mt-4 rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700">
            Try again
          </button>
        </div>
      );
    }
    const { title, hint } = EMPTY[filter];
    const Icon = filter === "unread" ? CheckCheck : BellOff;
    return (
      <div className="flex flex-col items-center px-6 py-10 text-center">
        <span className="flex size-12 items-center justify-center rounded-full bg-slate-100">
          <Icon aria-hidden className="size-6 text-slate-500" />
        </span>
        <p className="mt-3 text-sm font-medium text-slate-900">{title}</p>
        <p className="mt-1 max-w-xs text-sm text-slate-600">{hint}</p>
      </div>
    );
  }

  return (
    <div aria-busy={list.status === "loading"}>
      {byDay(list.items).map((group, index) => (
        <section key={group.label} aria-labelledby={`${headingPrefix}-${index}`}>
          <h3
            id={`${headingPrefix}-${index}`}
            className="sticky top-0 z-10 border-b border-slate-100 bg-white/95 px-4 py-1.5 text-xs font-semibold uppercase tracking-wide text-slate-500 backdrop-blur"
          >
            {group.label}
          </h3>
          <ul className="divide-y divide-slate-100">
            {group.items.map((item) => (
              <NotificationItem key={item.id} item={item} onRead={onRead} />
            ))}
          </ul>
        </section>
      ))}
      {list.nextCursor ? (
        <button
          type="button"
          onClick={onLoadOlder}
          disabled={list.loadingOlder}
          className="flex w-full items-center justify-center gap-2 border-t border-slate-100 py-3 text-sm font-medium text-indigo-700 hover:bg-slate-50 disabled:text-slate-500"
        >
          {list.loadingOlder ? <Loader2 aria-hidden className="size-4 animate-spin" /> : null}
          {list.loadingOlder ? "Loading…" : "Load older"}
        </button>
      ) : (
        <p className="border-t border-slate-100 py-3 text-center text-xs text-slate-500">No older notifications</p>
      )}
    </div>
  );
}

function LoadingRows() {
  return (
    <div role="status" className="divide-y divide-slate-100">
      <span className="sr-only">Loading notifications</span>
      {[0, 1, 2].map((row) => (
        <div key={row} aria-hidden className="flex animate-pulse gap-3 px-4 py-3">
          <span className="size-9 shrink-0 rounded-full bg-slate-100" />
          <span className="flex-1 space-y-2 py-1">
            <span className="block h-3 w-2/3 rounded bg-slate-100" />
            <span className="block h-3 w-full rounded bg-slate-100" />
          </span>
        </div>
      ))}
    </div>
  );
}
