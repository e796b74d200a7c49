"use client";

import { createContext, useContext, useState } from "react";
import type { SettledElsewhere } from "@/lib/domain/earnings-totals";
import type { BookingView } from "@/lib/domain/views";
import { useBookingActions, type BookingActionName } from "./use-booking-actions";
import { useBookingFeed } from "./use-booking-feed";
import { useChatThreads } from "./use-chat-threads";

export type BoardSettings = {
  meId: string;
  currency: string;
  /** Inside this much time before a hold runs out, a request shows as expiring. */
  holdWarningMs: number;
  platformFeePercent: number;
  /** After completion, how long card money waits for the client before it is released anyway. */
  disputeWindowHours: number;
  /** What the bookings the page did not load add to the earnings (see providerEarnings). */
  settledElsewhere: SettledElsewhere;
};

type Board = BoardSettings &
  ReturnType<typeof useBookingFeed> & {
    actions: ReturnType<typeof useBookingActions>;
    chats: ReturnType<typeof useChatThreads>;
    /** The booking the provider just acted on: its card takes keyboard focus wherever it now is. */
    focusId: string | null;
    clearFocus: () => void;
  };

const BoardContext = createContext<Board | null>(null);

const DONE: Record<BookingActionName, string> = {
  accept: "Accepted",
  reject: "Rejected",
  start: "Started",
  complete: "Completed",
  cancel: "Cancelled",
  "verify-cash": "Cash verified for",
};

/**
 * The provider dashboard's live state, shared by its panels (requests, work, history,
 * earnings): the bookings and everything attached to them, the provider's own actions,
 * and the chats. Screen readers hear of new requests and of finished actions.
 */
export function ProviderBoard({ initialBookings, settings, children }: { initialBookings: BookingView[]; settings: BoardSettings; children: React.ReactNode }) {
  const [announcement, setAnnouncement] = useState("");
  const [focusId, setFocusId] = useState<string | null>(null);
  const feed = useBookingFeed(initialBookings, (b) => setAnnouncement(`New request: ${b.serviceTitle} from ${b.clientName}`));
  const actions = useBookingActions(feed.upsert, (b, action) => {
    setAnnouncement(`${DONE[action]} ${b.serviceTitle} for ${b.clientName}`);
    setFocusId(b.id);
  });
  const chats = useChatThreads(settings.meId);
  const board: Board = { ...settings, ...feed, actions, chats, focusId, clearFocus: () => setFocusId(null) };
  return (
    <BoardContext.Provider value={board}>
      <p role="status" className="sr-only">
        {announcement}
      </p>
      {children}
    </BoardContext.Provider>
  );
}

export function useProviderBoard(): Board {
  const board = useContext(BoardContext);
  if (!board) throw new Error("useProviderBoard needs a <ProviderBoard> above it");
  return board;
}
