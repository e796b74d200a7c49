"use client";

import { Check } from "lucide-react";
import type { NotificationView } from "@/lib/domain/notification-view";
import { ExpandableText } from "@/components/expandable-text";
import { typeLook, urgencyLook } from "./notification-look";

const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });

/**
 * One inbox row: the type's icon, the title with its priority, the body, when. An unread
 * row is tinted and has a "Mark as read" button; clicking anywhere on it reads it too.
 */
export function NotificationItem({ item, onRead }: { item: NotificationView; onRead: (id: string) => void }) {
  const { Icon, label, tint } = typeLook(item.type);
  const priority = urgencyLook(item);
  const author = item.type === "announcement" && typeof item.data.author === "string" ? item.data.author : null;
  const urgent = item.priority === "critical" || item.priority === "high";
  return (
    <li
      data-testid="notification"
      data-read={item.read}
      onClick={item.read ? undefined : () => onRead(item.id)}
      className={`relative flex gap-3 py-3 pl-4 pr-2 ${item.read ? "bg-white" : "cursor-pointer bg-indigo-50/60 hover:bg-indigo-50"}`}
    >
      {urgent ? <span aria-hidden className={`absolute inset-y-0 left-0 w-1 ${priority.stripe}`} /> : null}
      <span className={`mt-0.5 flex size-9 shrink-0 items-center justify-center rounded-full ${tint}`}>
        <Icon aria-hidden className="size-4" />
      </span>
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <span className="sr-only">{label}: </span>
          <span className={`text-sm ${item.read ? "font-medium text-slate-700" : "font-semibold text-slate-900"}`}>{item.title}</span>
          {priority.label ? (
            <span className={`rounded px-1.5 py-px text-[11px] font-semibold uppercase tracking-wide ${priority.chip}`}>{priority.label}</span>
          ) : null}
        </p>
        {item.body ? <ExpandableText text={item.body} className="mt-0.5 text-sm text-slate-600" /> : null}
        <p className="mt-1 text-xs text-slate-500">
          <time dateTime={item.createdAt}>{timeOfDay.format(new Date(item.createdAt))}</time>
          {author ? ` · ${author}` : null}
          <span className="sr-only">{item.read ? ", read" : ", unread"}</span>
        </p>
      </div>
      {/* The same width read or unread, so reading a row does not move its text. */}
      <div className="w-8 shrink-0">
        {item.read ? null : (
          <button
            type="button"
            onClick={(event) => {
              event.stopPropagation();
              onRead(item.id);
            }}
            aria-label={`Mark as read: ${item.title}`}
            title="Mark as read"
            className="group flex size-8 items-center justify-center rounded-full text-indigo-700 hover:bg-indigo-100"
          >
            <span aria-hidden className="size-2.5 rounded-full bg-indigo-600 group-hover:hidden group-focus-visible:hidden" />
            <Check aria-hidden className="hidden size-4 group-hover:block group-focus-visible:block" />
          </button>
        )}
      </div>
    </li>
  );
}
