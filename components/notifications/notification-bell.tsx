"use client";

import { useCallback, useId, useRef, useState } from "react";
import { Bell } from "lucide-react";
import { NotificationPanel } from "./notification-panel";
import { useInbox } from "./use-inbox";

/**
 * The header's bell: the unread count, kept live, and the inbox panel it opens. The inbox
 * stays loaded while the panel is closed, so the count is right and opening is instant.
 */
export function NotificationBell() {
  const inbox = useInbox();
  const [open, setOpen] = useState(false);
  const bellRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const close = useCallback(({ returnFocus }: { returnFocus: boolean }) => {
    setOpen(false);
    if (returnFocus) bellRef.current?.focus();
  }, []);
  const unread = inbox.unread ?? 0;

  return (
    <div className="relative">
      <button
        ref={bellRef}
        type="button"
        aria-label="Notifications"
        aria-describedby={inbox.unread === null ? undefined : `${panelId}-count`}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((was) => !was)}
        className={`relative rounded-md p-1.5 text-slate-700 hover:bg-slate-100 ${open ? "bg-slate-100" : ""}`}
      >
        <Bell aria-hidden className="size-5" />
        {unread > 0 ? (
          <span
            data-testid="unread-count"
            className="absolute -right-0.5 -top-0.5 min-w-4 rounded-full bg-red-600 px-1 text-center text-[10px] font-semibold leading-4 text-white ring-2 ring-white"
          >
            {unread > 99 ? "99+" : unread}
          </span>
        ) : null}
      </button>
      {inbox.unread === null ? null : (
        <span id={`${panelId}-count`} className="sr-only">
          {unread} unread
        </span>
      )}
      {open ? <NotificationPanel id={panelId} inbox={inbox} bellRef={bellRef} onClose={close} /> : null}
    </div>
  );
}
