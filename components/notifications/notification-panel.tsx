"use client";

import { useEffect, useId, useRef, type KeyboardEvent, type RefObject } from "react";
import { CheckCheck, X } from "lucide-react";
import { NotificationList } from "./notification-list";
import { INBOX_FILTERS, type Inbox, type InboxFilter } from "./use-inbox";

/**
 * The inbox behind the bell: a popover under it on wider screens, a bottom sheet on a
 * phone. Focus moves into it when it opens; Escape or the close button close it and give
 * focus back to the bell; a click or tap outside closes it.
 */
export function NotificationPanel({
  id,
  inbox,
  bellRef,
  onClose,
}: {
  id: string;
  inbox: Inbox;
  bellRef: RefObject<HTMLButtonElement | null>;
  onClose: (options: { returnFocus: boolean }) => void;
}) {
  const panelRef = useRef<HTMLDivElement>(null);
  const titleId = useId();

  useEffect(() => {
    panelRef.current?.focus();
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      onClose({ returnFocus: true });
    };
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Element;
      if (panelRef.current?.contains(target) || bellRef.current?.contains(target)) return;
      // Dismissing a toast that arrived while the panel is open is not a click away from it.
      if (target.closest?.("[data-rht-toaster]")) return;
      onClose({ returnFocus: false });
    };
    document.addEventListener("keydown", onKeyDown);
    document.addEventListener("pointerdown", onPointerDown);
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("pointerdown", onPointerDown);
    };
  }, [onClose, bellRef]);

  const unread = inbox.unread ?? 0;
  return (
    <>
      <div aria-hidden className="fixed inset-0 z-40 bg-slate-900/40 sm:hidden" />
      <div
        ref={panelRef}
        id={id}
        role="dialog"
        aria-labelledby={titleId}
        tabIndex={-1}
        className="fixed inset-x-0 bottom-0 z-50 flex max-h-[85dvh] flex-col overflow-hidden rounded-t-2xl bg-white shadow-2xl ring-1 ring-slate-900/10 outline-none sm:absolute sm:inset-x-auto sm:bottom-auto sm:right-0 sm:top-full sm:mt-2 sm:max-h-[min(36rem,calc(100dvh-6rem))] sm:w-[26rem] sm:rounded-xl"
      >
        <div aria-hidden className="mx-auto mt-2 h-1 w-10 shrink-0 rounded-full bg-slate-300 sm:hidden" />
        <div className="flex shrink-0 items-center gap-2 py-2 pl-4 pr-2">
          <h2 id={titleId} className="text-base font-semibold text-slate-900">
            Notifications
          </h2>
          <button
            type="button"
            onClick={inbox.markAllRead}
            disabled={unread === 0}
            className="ml-auto flex items-center gap-1.5 rounded-md px-2 py-1.5 text-sm font-medium text-indigo-700 hover:bg-indigo-50 disabled:text-slate-400 disabled:hover:bg-transparent"
          >
            <CheckCheck aria-hidden className="size-4" />
            Mark all read
          </button>
          <button
            type="button"
            onClick={() => onClose({ returnFocus: true })}
            aria-label="Close notifications"
            className="rounded-md p-1.5 text-slate-600 hover:bg-slate-100 hover:text-slate-900"
          >
            <X aria-hidden className="size-5" />
          </button>
        </div>
        <FilterTabs idPrefix={id} value={inbox.filter} onChange={inbox.setFilter} unread={unread} />
        <div
          role="tabpanel"
          id={`${id}-list`}
          aria-labelledby={`${id}-tab-${inbox.filter}`}
          className="min-h-48 flex-1 overflow-y-auto overscroll-contain"
        >
          <NotificationList
            filter={inbox.filter}
            list={inbox.list}
            onRead={inbox.markRead}
            onRetry={inbox.retry}
            onLoadOlder={inbox.loadOlder}
          />
        </div>
      </div>
    </>
  );
}

/** The filters as tabs: arrow keys, Home and End move between them (one tab stop). */
function FilterTabs({
  idPrefix,
  value,
  onChange,
  unread,
}: {
  idPrefix: string;
  value: InboxFilter;
  onChange: (filter: InboxFilter) => void;
  unread: number;
}) {
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const last = INBOX_FILTERS.length - 1;
    const next = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    tabs.current[next]?.focus();
    onChange(INBOX_FILTERS[next].id);
  };
  return (
    <div role="tablist" aria-label="Filter notifications" className="flex shrink-0 overflow-x-auto border-b border-slate-200 px-2 sm:gap-1">
      {INBOX_FILTERS.map((filter, index) => {
        const selected = filter.id === value;
        return (
          <button
            key={filter.id}
            ref={(element) => {
              tabs.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${filter.id}`}
            aria-selected={selected}
            aria-controls={`${idPrefix}-list`}
            tabIndex={selected ? 0 : -1}
            onClick={() => onChange(filter.id)}
            onKeyDown={(event) => onKeyDown(event, index)}
            className={`relative flex shrink-0 items-center gap-1.5 px-2 py-2 text-sm font-medium sm:px-2.5 ${
              selected
                ? "text-indigo-700 after:absolute after:inset-x-1.5 after:bottom-0 after:h-0.5 after:rounded-full after:bg-indigo-600"
                : "text-slate-600 hover:text-slate-900"
            }`}
          >
            {filter.label}
            {filter.id === "unread" && unread > 0 ? (
              <span className="rounded-full bg-indigo-100 px-1.5 text-xs font-semibold text-indigo-800">{unread > 99 ? "99+" : unread}</span>
            ) : null}
          </button>
        );
      })}
    </div>
  );
}
