"use client";

import toast, { type Toast } from "react-hot-toast";
import { X } from "lucide-react";
import { useRealtimeEvent } from "@/hooks/use-realtime";
import { announcementView, type AnnouncementLevel, type NotificationView } from "@/lib/domain/notification-view";
import { PRIORITY_LOOK, typeLook } from "./notifications/notification-look";

/**
 * Toasts for what arrives while the user is looking elsewhere: each `notification:new` of
 * medium priority or above (low ones, such as the echo of the user's own request, only go
 * to the inbox) and every `announcement`. The event id is the toast id, so an event heard
 * twice (StrictMode's double effects, a replay after reconnecting) shows once. Critical
 * ones stay until dismissed; high and critical ones also buzz a phone that can.
 */
export function LiveToasts() {
  useRealtimeEvent<{ notification: NotificationView }>("notification:new", ({ notification }, envelope) =>
    showLiveToast(envelope.eventId, notification),
  );
  useRealtimeEvent<{ id: string; message: string; level: AnnouncementLevel; author: string }>("announcement", (data, envelope) =>
    showLiveToast(envelope.eventId, announcementView({ ...data, createdAt: envelope.ts }, false)),
  );
  return null;
}

const DURATION_MS = { critical: Infinity, high: 8000, medium: 6000, low: 0 } as const;

function showLiveToast(eventId: number | null, item: NotificationView): void {
  if (item.priority === "low") return;
  const urgent = item.priority === "critical" || item.priority === "high";
  if (urgent) buzz(item.priority === "critical" ? [120, 80, 120] : 80);
  toast.custom((t) => <LiveToast toast={t} item={item} />, {
    id: `event-${eventId ?? item.id}`,
    duration: DURATION_MS[item.priority] ?? DURATION_MS.medium,
  });
}

/** A short vibration on touch devices that allow it (browsers refuse before the first tap). */
function buzz(pattern: number | number[]): void {
  if (typeof navigator.vibrate !== "function" || !window.matchMedia("(pointer: coarse)").matches) return;
  if (navigator.userActivation && !navigator.userActivation.hasBeenActive) return;
  navigator.vibrate(pattern);
}

function LiveToast({ toast: t, item }: { toast: Toast; item: NotificationView }) {
  const { Icon, tint } = typeLook(item.type);
  const priority = PRIORITY_LOOK[item.priority] ?? PRIORITY_LOOK.medium;
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
        </p>
        {item.body ? <p className="mt-0.5 line-clamp-3 break-words text-sm text-slate-600">{item.body}</p> : null}
        {author ? <p className="mt-1 text-xs text-slate-500">From {author}</p> : null}
      </div>
      <button
        type="button"
        onClick={() => toast.dismiss(t.id)}
        aria-label={`Dismiss: ${item.title}`}
        className="size-8 shrink-0 rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-900"
      >
        <X aria-hidden className="size-5" />
      </button>
    </div>
  );
}
