"use client";

import { useRef, useState } from "react";
import { useRealtimeEvent } from "@/hooks/use-realtime";

/**
 * Which bookings have their chat open, and how many messages from clients arrived in the
 * ones that are closed (opening a chat clears its count).
 */
export function useChatThreads(meId: string) {
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  const [unread, setUnread] = useState<Readonly<Record<string, number>>>({});
  const openNow = useRef(open);
  openNow.current = open;

  useRealtimeEvent("chat:message", ({ message }) => {
    if (message.senderId === meId || openNow.current.has(message.bookingId)) return;
    setUnread((all) => ({ ...all, [message.bookingId]: (all[message.bookingId] ?? 0) + 1 }));
  });

  function toggle(bookingId: string) {
    setOpen((ids) => {
      const next = new Set(ids);
      if (!next.delete(bookingId)) next.add(bookingId);
      return next;
    });
    setUnread((all) => ({ ...all, [bookingId]: 0 }));
  }

  return { open, unread, toggle };
}
