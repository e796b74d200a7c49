"use client";

import toast, { type Toast } from "react-hot-toast";
import { X } from "lucide-react";
import { useRealtimeEvent } from "@/hooks/use-realtime";
import { announcementView, type NotificationView } from "@/lib/domain/notification-view";
import { wantsOn } from "@/lib/domain/preference-rules";
import { typeLook, urgencyLook } from "./notifications/notification-look";
import { useNotificationPreferences } from "./notifications/preferences-provider";

/**
 * Toasts for what arrives while the user is looking elsewhere: each `notification:new` (and
 * `notification:toast`, sent when the inbox of its kind is muted) of medium priority or
 * above (low ones, such as the echo of the user's own request, only go to the inbox) and
 * every `announcement`, unless the user muted toasts of that kind; critical ones always
 * show (lib/domain/preference-rules.ts). Those about one booking share a toast while it
 * shows. Critical ones stay until dismissed; high and critical ones also buzz a phone that can.
 */
export function LiveToasts() {
  const { preferences } = useNotificationPreferences();
  const show = (eventId: number | null, item: NotificationView) => {
    if (wantsOn(preferences, "toast", item)) showLiveToast(eventId, item);
  };
  useRealtimeEvent("notification:new", ({ notification }, envelope) => show(envelope.eventId, notification));
  useRealtimeEvent("notification:toast", ({ notification }, envelope) => show(envelope.eventId, notification));
  useRealtimeEvent("announcement", (data, envelope) =>
    show(envelope.eventId, announcementView({ ...data, createdAt: envelope.ts }, false)),
  );
  return null;
}

const DURATION_MS = { critical: Infinity, high: 8000, medium: 6000, low: 0 } as const;
const RANK = { low: 0, medium: 1, high: 2, critical: 3 } as const;
const durationOf = (item: NotificationView) => DURATION_MS[item.priority] ?? DURATION_MS.medium;

/**
 * What each toast on screen shows, by toast id. One action often notifies several times
 * (a cancellation: the booking, its refund, the payout), so items about one booking that
 * arrive while its toast still shows join that toast instead of stacking over the page.
 */
const shown = new Map<string, { items: NotificationView[]; until: number }>();

function showLiveToast(eventId: number | null, item: NotificationView): void {
  if (item.priority === "low") return;
  const now = Date.now();
  for (const [id, entry] of shown) if (entry.until <= now) shown.delete(id);
  const bookingId = typeof item.data.bookingId === "string" ? item.data.bookingId : null;
  const id = bookingId ? `booking-${bookingId}` : `event-${eventId ?? item.id}`;
  const earlier = shown.get(id)?.items ?? [];
  // An event heard twice (StrictMode's double effects, a replay after reconnecting) shows once.
  if (earlier.some((e) => e.id === item.id)) return;
  if (item.priority === "critical" || item.priority === "high") buzz(item.priority === "critical" ? [120, 80, 120] : 80);
  const items = [...earlier, item];
  const duration = Math.max(...items.map(durationOf));
  shown.set(id, { items, until: now + duration });
  toast.custom((t) => <LiveToast toast={t} items={items} onDismiss={() => shown.delete(id)} />, { id, duration });
}

/** A short vibration on touch devices that allow it (browsers refuse before the first tap). */
function buzz(pattern: number | number[]): void {
  if (typeof navigator.vibrate !== "function" || !window.matchMedia("(pointer: coarse)").matches) return;
  if (navigator.userActivation && !navigator.userActivation.hasBeenActive) return;
  navigator.vibrate(pattern);
}

/** The most urgent of a toast's items leads (the newest of equals); the others are listed under it. */
function LiveToast({ toast: t, items, onDismiss }: { toast: Toast; items: NotificationView[]; onDismiss: () => void }) {
  const item = items.reduce((lead, next) => (RANK[next.priority] >= RANK[lead.priority] ? next : lead));
  const others = items.filter((other) => other !== item).reverse();
  const { Icon, tint } = typeLook(item.type);
  const priority = urgencyLook(item);
  const author = item.type === "announcement" && typeof item.data.author === "string" ? item.data.author : null;
  const critical = item.priority === "critical";
  return (
    <div
      role={critical ? "alert" : "status"}
      aria-live={critical ? "assertive" : "polite"}
      data-testid="live-toast"
      className={`pointer-events-auto relative flex w-[calc(100vw-2rem)] max-w-sm gap-3 overflow-hidden rounded-xl bg-white py-3 pl-4 pr-2 shadow-lg ring-1 ring-slate-900/10 transition duration-200 ${
        t.visible ? "translate-y-0 opacity-100" : "-translate-y-2 opacity-0"
      }`}
    >
      <span aria-hidden className={`absolute inset-y-0 left-0 w-1 ${priority.stripe}`} />
      <span className={`mt-0.5 flex size-9 shrink-0 items-center justify-center rounded-full ${tint}`}>
        <Icon aria-hidden className="size-4" />
      </span>
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <span className="text-sm font-semibold text-slate-900">{item.title}</span>
          {priority.label ? (
            <span className={`rounded px-1.5 py-px text-[11px] font-semibold uppercase tracking-wide ${priority.chip}`}>{priority.label}</span>
          ) : null}
          {others.length ? (
            <span aria-hidden className="rounded bg-slate-100 px-1.5 py-px text-[11px] font-semibold text-slate-700 sm:hidden">
              +{others.length}
            </span>
          ) : null}
        </p>
        {/* On a phone the toast stays short, above the first control under the page's title. */}
        {item.body ? <p className="mt-0.5 line-clamp-1 wrap-anywhere text-sm text-slate-600 sm:line-clamp-3">{item.body}</p> : null}
        {author ? <p className="mt-1 text-xs text-slate-500 max-sm:hidden">From {author}</p> : null}
        {others.length ? (
          <p className="mt-1 line-clamp-2 wrap-anywhere text-xs text-slate-500 max-sm:sr-only">
            Also: {others.map((other) => other.title).join(" · ")}
          </p>
        ) : null}
      </div>
      <button
        type="button"
        onClick={() => {
          onDismiss();
          toast.dismiss(t.id);
        }}
        aria-label={`Dismiss: ${item.title}`}
        className="size-8 shrink-0 rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-900"
      >
        <X aria-hidden className="size-5" />
      </button>
    </div>
  );
}
