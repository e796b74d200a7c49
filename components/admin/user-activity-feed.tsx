"use client";

import { useEffect, useState } from "react";
import { CalendarCog, Eye, LoaderCircle, LogIn, LogOut, type LucideIcon } from "lucide-react";
import { utcTime } from "@/components/staff/utc-time";
import { useRealtime, useRealtimeEvent } from "@/hooks/use-realtime";
import { api } from "@/lib/api/browser";
import type { BookingActivityAction } from "@/lib/domain/state-machines";
import type { ActivityView } from "@/lib/realtime/protocol";
import { bookingRef } from "./booking-ref";

export type ActivityPage = { activity: ActivityView[]; nextBefore: number | null };

const ROLE_LABEL: Record<string, string> = { CLIENT: "Client", PROVIDER: "Provider", ADMIN: "Admin", STAFF: "Staff" };

/** Live activity keeps at most this many items; older ones stay a "Show older" away. */
const MAX_LIVE_ITEMS = 200;

/** The items of both lists once each, newest (highest id) first. */
function merge(current: ActivityView[], incoming: ActivityView[]): ActivityView[] {
  const byId = new Map(current.map((item) => [item.id, item]));
  for (const item of incoming) byId.set(item.id, item);
  return [...byId.values()].sort((a, b) => b.id - a.id);
}

type Feed = { items: ActivityView[]; nextBefore: number | null };

/** The feed with newer items added; past MAX_LIVE_ITEMS the oldest drop off, and "Show older" reads them back. */
function withNewer(feed: Feed, incoming: ActivityView[]): Feed {
  const merged = merge(feed.items, incoming);
  if (merged.length <= Math.max(MAX_LIVE_ITEMS, feed.items.length)) return { ...feed, items: merged };
  const kept = merged.slice(0, MAX_LIVE_ITEMS);
  return { items: kept, nextBefore: kept[kept.length - 1].id };
}

/**
 * What people do on the platform, newest first: who, what, when and on which node. New
 * activity arrives live (`activity:new`, sent to admins only, volatile); each time the
 * connection goes live the newest page is read again, so what happened while the tab was
 * away or reconnecting fills in. "Show older" pages back through the stored history
 * (GET /api/admin/activity?before=).
 */
export function UserActivityFeed({ initial, pageSize }: { initial: ActivityPage; pageSize: number }) {
  // The items and the cursor below them change together: dropping old items moves the cursor.
  const [feed, setFeed] = useState<Feed>({ items: initial.activity, nextBefore: initial.nextBefore });
  const { items, nextBefore } = feed;
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { status } = useRealtime();

  useRealtimeEvent("activity:new", ({ activity }) => setFeed((current) => withNewer(current, [activity])));

  useEffect(() => {
    if (status !== "live") return;
    void api<ActivityPage>(`/api/admin/activity?limit=${pageSize}`).then((fresh) => {
      if (!fresh.ok) return;
      // More happened meanwhile than a page holds: start from the fresh page, older ones a "Show older" away.
      setFeed((current) =>
        fresh.nextBefore !== null && (current.items[0]?.id ?? 0) < fresh.nextBefore
          ? { items: fresh.activity, nextBefore: fresh.nextBefore }
          : withNewer(current, fresh.activity),
      );
    });
  }, [status, pageSize]);

  async function showOlder() {
    if (nextBefore === null) return;
    setLoading(true);
    const result = await api<ActivityPage>(`/api/admin/activity?before=${nextBefore}&limit=${pageSize}`);
    setLoading(false);
    setError(result.ok ? null : result.error.message);
    if (!result.ok) return;
    setFeed((current) => ({ items: merge(current.items, result.activity), nextBefore: result.nextBefore }));
  }

  return (
    <div className="space-y-3">
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">No activity yet. Sign-ins, page views and booking actions appear here the moment they happen.</p>
      ) : (
        // Capped and scrollable like the booking feed; focusable so the keyboard can scroll it.
        // Not announced as it changes: every page view on the platform would be read aloud.
        <ol role="log" aria-live="off" tabIndex={0} aria-label="User activity, newest first" className="max-h-96 divide-y divide-slate-100 overflow-y-auto rounded-lg pr-1">
          {items.map((item) => {
            const { Icon, text } = describe(item);
            return (
              <li key={item.id} className="flex gap-3 py-2.5 text-sm">
                <span aria-hidden className="mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-full bg-slate-100 text-slate-600">
                  <Icon className="size-3.5" />
                </span>
                <div className="min-w-0 flex-1">
                  <p className="break-words text-slate-700">
                    <strong className="font-medium text-slate-900">{item.userName}</strong> {text}
                  </p>
                  <p className="mt-0.5 flex flex-wrap items-center gap-x-2 text-xs text-slate-600">
                    <time dateTime={item.at} title={utcTime(item.at, { withDate: true })} className="tabular-nums">
                      {utcTime(item.at, { withDate: true })}
                    </time>
                    <span>{ROLE_LABEL[item.role] ?? item.role}</span>
                    <span className="font-mono" title="Server node">
                      {item.node}
                    </span>
                  </p>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {error ? (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          Could not load older activity ({error}).
        </p>
      ) : null}
      {nextBefore !== null ? (
        <button
          type="button"
          onClick={() => void showOlder()}
          disabled={loading}
          className="flex items-center gap-1.5 rounded-md border border-slate-300 px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-50 disabled:opacity-60"
        >
          {loading ? <LoaderCircle aria-hidden className="size-4 animate-spin" /> : null}
          Show older
        </button>
      ) : null}
    </div>
  );
}

/** A verb for every action the server records (a new booking action fails to compile until it has one). */
const BOOKING_VERBS: Record<BookingActivityAction, string> = {
  book: "requested booking",
  pay: "paid for booking",
  cancel: "cancelled booking",
  renew: "renewed the hold on booking",
  accept: "accepted booking",
  reject: "turned down booking",
  start: "started booking",
  complete: "completed booking",
  "verify-cash": "confirmed the cash payment of booking",
  confirm: "confirmed the work and released the payment of booking",
  dispute: "disputed booking",
  decline: "declined booking",
};

function describe(item: ActivityView): { Icon: LucideIcon; text: React.ReactNode } {
  switch (item.kind) {
    case "signed-in":
      return { Icon: LogIn, text: "signed in" };
    case "signed-out":
      return { Icon: LogOut, text: "signed out" };
    case "page-view":
      return { Icon: Eye, text: <>viewed <span className="font-mono text-slate-900">{item.path}</span></> };
    case "booking-action":
      return {
        Icon: CalendarCog,
        text: (
          <>
            {(item.action && BOOKING_VERBS[item.action]) ?? item.action} <span className="font-mono text-slate-900">{bookingRef(item.bookingId ?? "")}</span>
          </>
        ),
      };
  }
}
