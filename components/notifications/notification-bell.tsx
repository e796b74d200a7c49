"use client";

import { useEffect, useState } from "react";
import { Bell } from "lucide-react";
import { useRealtimeEvent } from "@/hooks/use-realtime";

/** The bell with the unread count. (The panel behind it arrives with the notification work.) */
export function NotificationBell() {
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    void fetch("/api/notifications?limit=1", { cache: "no-store" })
      .then((r) => (r.ok ? r.json() : null))
      .then((body: { unread: number } | null) => body && setUnread(body.unread));
  }, []);
  useRealtimeEvent("notification:new", () => setUnread((n) => n + 1));
  return (
    <button type="button" aria-label="Notifications" className="relative rounded-md p-1.5 text-slate-700 hover:bg-slate-100">
      <Bell aria-hidden className="size-5" />
      {unread > 0 ? (
        <span data-testid="unread-count" className="absolute -right-0.5 -top-0.5 min-w-4 rounded-full bg-red-600 px-1 text-center text-[10px] font-semibold leading-4 text-white">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </button>
  );
}
