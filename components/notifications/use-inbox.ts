"use client";

import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import toast from "react-hot-toast";
import { useRealtime, useRealtimeEvent } from "@/hooks/use-realtime";
import { api } from "@/lib/api/browser";
import { announcementView, newestFirst, type NotificationView } from "@/lib/domain/notification-view";
import { wantsOn } from "@/lib/domain/preference-rules";
import { useNotificationPreferences } from "./preferences-provider";

/**
 * The signed-in user's inbox in the browser: the unread count, one list per filter (kept
 * while the tab lives, so switching back is instant), and the live events that change
 * them: `notification:new` and `announcement` put items on top, `notifications:read` (from
 * this tab or another) marks them read.
 */

export type InboxFilter = "all" | "unread" | "bookings" | "payments" | "system";

export const INBOX_FILTERS: { id: InboxFilter; label: string; query: string; matches: (item: NotificationView) => boolean }[] = [
  { id: "all", label: "All", query: "", matches: () => true },
  { id: "unread", label: "Unread", query: "&unread=true", matches: (item) => !item.read },
  { id: "bookings", label: "Bookings", query: "&types=booking,chat", matches: (item) => item.type === "booking" || item.type === "chat" },
  { id: "payments", label: "Payments", query: "&types=payment,payout", matches: (item) => item.type === "payment" || item.type === "payout" },
  { id: "system", label: "System", query: "&types=system,announcement", matches: (item) => item.type === "system" || item.type === "announcement" },
];

const PAGE_SIZE = 20;
const filterOf = (id: InboxFilter) => INBOX_FILTERS.find((f) => f.id === id)!;

export type InboxList = { items: NotificationView[]; nextCursor: string | null; status: "loading" | "ready" | "error"; loadingOlder: boolean };
type Page = { notifications: NotificationView[]; unread: number; nextCursor: string | null };
type State = { unread: number | null; lists: Partial<Record<InboxFilter, InboxList>> };
type Action =
  | { type: "load"; filter: InboxFilter }
  | { type: "loaded"; filter: InboxFilter; page: Page; liveMeanwhile: NotificationView[] }
  | { type: "failed"; filter: InboxFilter }
  | { type: "loadingOlder"; filter: InboxFilter; loading: boolean }
  | { type: "olderLoaded"; filter: InboxFilter; page: Page }
  | { type: "received"; item: NotificationView }
  | { type: "read"; which: { ids?: string[]; all?: true }; unread?: number }
  | { type: "unread"; unread: number }
  | { type: "forgetFiltered" };

const EMPTY_LIST: InboxList = { items: [], nextCursor: null, status: "loading", loadingOlder: false };

function withItems(items: NotificationView[], more: NotificationView[]): NotificationView[] {
  const ids = new Set(items.map((item) => item.id));
  return [...items, ...more.filter((item) => !ids.has(item.id))].sort(newestFirst);
}

function mapLists(state: State, change: (list: InboxList, filter: InboxFilter) => InboxList): State["lists"] {
  const lists: State["lists"] = {};
  for (const [filter, list] of Object.entries(state.lists) as [InboxFilter, InboxList][]) lists[filter] = change(list, filter);
  return lists;
}

/** The ids a read marks in these lists: an announcement's id also reads every older announcement (one mark per user). */
function idsMarkedRead(items: NotificationView[], ids: string[]): Set<string> {
  const named = new Set(ids);
  const mark = items.filter((item) => item.type === "announcement" && named.has(item.id)).reduce((max, item) => (item.createdAt > max ? item.createdAt : max), "");
  return new Set(items.filter((item) => named.has(item.id) || (item.type === "announcement" && item.createdAt <= mark)).map((item) => item.id));
}

function reduce(state: State, action: Action): State {
  switch (action.type) {
    case "load":
      return { ...state, lists: { ...state.lists, [action.filter]: { ...(state.lists[action.filter] ?? EMPTY_LIST), status: "loading" } } };
    case "loaded": {
      const { page, filter } = action;
      const inPage = new Set(page.notifications.map((item) => item.id));
      // Items that arrived live while the request was out and are not in its answer came after it.
      const newer = action.liveMeanwhile.filter((item) => !inPage.has(item.id));
      const list: InboxList = {
        items: withItems(page.notifications, newer.filter(filterOf(filter).matches)),
        nextCursor: page.nextCursor,
        status: "ready",
        loadingOlder: false,
      };
      // Only the unfiltered first page counts everything that came before it.
      const unread = filter === "all" ? page.unread + newer.filter((item) => !item.read).length : state.unread;
      return { unread, lists: { ...state.lists, [filter]: list } };
    }
    case "failed":
      return { ...state, lists: { ...state.lists, [action.filter]: { ...(state.lists[action.filter] ?? EMPTY_LIST), status: "error" } } };
    case "loadingOlder": {
      const list = state.lists[action.filter];
      return list ? { ...state, lists: { ...state.lists, [action.filter]: { ...list, loadingOlder: action.loading } } } : state;
    }
    case "olderLoaded": {
      const list = state.lists[action.filter];
      if (!list) return state;
      const older = { ...list, items: withItems(list.items, action.page.notifications), nextCursor: action.page.nextCursor, loadingOlder: false };
      return { ...state, lists: { ...state.lists, [action.filter]: older } };
    }
    case "received": {
      const { item } = action;
      const lists = Object.values(state.lists);
      if (lists.some((list) => list.items.some((known) => known.id === item.id))) return state;
      return {
        unread: state.unread === null || item.read ? state.unread : state.unread + 1,
        lists: mapLists(state, (list, filter) => (filterOf(filter).matches(item) ? { ...list, items: withItems(list.items, [item]) } : list)),
      };
    }
    case "read": {
      const { which } = action;
      const everything = Object.values(state.lists).flatMap((list) => list.items);
      const marked = which.all ? null : idsMarkedRead(everything, which.ids ?? []);
      const flipped = new Set(everything.filter((item) => !item.read && (!marked || marked.has(item.id))).map((item) => item.id));
      const lists = mapLists(state, (list) => ({
        ...list,
        items: list.items.map((item) => (flipped.has(item.id) ? { ...item, read: true } : item)),
      }));
      // Until the server's count arrives, take off what this tab can see turning read.
      const unread = action.unread ?? (state.unread === null ? null : Math.max(0, state.unread - flipped.size));
      return { unread, lists };
    }
    case "unread":
      return { ...state, unread: action.unread };
    case "forgetFiltered":
      return { ...state, lists: state.lists.all ? { all: state.lists.all } : {} };
  }
}

/** Items that arrived live, so a request can tell which of them came after it was sent. */
class LiveLog {
  private items: NotificationView[] = [];
  private dropped = 0;

  append(item: NotificationView): void {
    this.items.push(item);
    if (this.items.length > 500) {
      this.dropped += 250;
      this.items = this.items.slice(250);
    }
  }

  /** A position in the log; `since(mark)` is what arrived after it. */
  mark(): number {
    return this.dropped + this.items.length;
  }

  since(mark: number): NotificationView[] {
    return this.items.slice(Math.max(0, mark - this.dropped));
  }
}

export function useInbox() {
  const [state, dispatch] = useReducer(reduce, { unread: null, lists: {} });
  const [filter, setFilterState] = useState<InboxFilter>("all");
  const [live] = useState(() => new LiveLog());
  const { status } = useRealtime();
  const latestRequest = useRef<Partial<Record<InboxFilter, number>>>({});
  const requests = useRef(0);

  const load = useCallback(
    async (which: InboxFilter) => {
      const request = ++requests.current;
      latestRequest.current[which] = request;
      const mark = live.mark();
      dispatch({ type: "load", filter: which });
      const result = await api<Page>(`/api/notifications?limit=${PAGE_SIZE}${filterOf(which).query}`);
      if (latestRequest.current[which] !== request) return; // a newer load of this list answers instead
      if (!result.ok) dispatch({ type: "failed", filter: which });
      else dispatch({ type: "loaded", filter: which, page: result, liveMeanwhile: live.since(mark) });
    },
    [live],
  );

  useEffect(() => void load("all"), [load]);

  const reload = useCallback(() => {
    dispatch({ type: "forgetFiltered" });
    void load("all");
    if (filter !== "all") void load(filter);
  }, [filter, load]);

  // Read marks are not stored events: after a gap in the connection, ask again.
  const wasLive = useRef<boolean | null>(null);
  useEffect(() => {
    if (status === "live" && wasLive.current === false) reload();
    if (status === "live") wasLive.current = true;
    else if (wasLive.current) wasLive.current = false;
  }, [status, reload]);

  // Muting or unmuting the system inbox hides or shows the announcements already there.
  const { preferences } = useNotificationPreferences();
  const systemInbox = preferences.system.inbox;
  const shownSystemInbox = useRef(systemInbox);
  useEffect(() => {
    if (shownSystemInbox.current === systemInbox) return;
    shownSystemInbox.current = systemInbox;
    reload();
  }, [systemInbox, reload]);

  const receive = (item: NotificationView) => {
    live.append(item);
    dispatch({ type: "received", item });
  };
  useRealtimeEvent("notification:new", ({ notification }) => receive(notification));
  useRealtimeEvent("announcement", (data, envelope) => {
    const item = announcementView({ ...data, createdAt: envelope.ts }, false);
    if (wantsOn(preferences, "inbox", item)) receive(item); // as the server's inbox does (lib/domain/notifications.ts)
  });
  useRealtimeEvent("notifications:read", ({ ids, all, unread }) => dispatch({ type: "read", which: { ids, all }, unread }));

  const list = state.lists[filter];

  const setFilter = (next: InboxFilter) => {
    setFilterState(next);
    if (!state.lists[next]) void load(next);
  };

  const loadOlder = async () => {
    if (!list?.nextCursor || list.loadingOlder) return;
    const at = filter;
    dispatch({ type: "loadingOlder", filter: at, loading: true });
    const result = await api<Page>(`/api/notifications?limit=${PAGE_SIZE}${filterOf(at).query}&cursor=${encodeURIComponent(list.nextCursor)}`);
    if (result.ok) return dispatch({ type: "olderLoaded", filter: at, page: result });
    dispatch({ type: "loadingOlder", filter: at, loading: false });
    toast.error(`Could not load older notifications: ${result.error.message}`);
  };

  const markRead = async (which: { ids: string[] } | { all: true }) => {
    dispatch({ type: "read", which });
    const result = await api<{ unread: number }>("/api/notifications/read", { method: "POST", body: which });
    if (result.ok) return dispatch({ type: "unread", unread: result.unread });
    toast.error(`Could not mark as read: ${result.error.message}`);
    void load("all");
    if (filter !== "all") void load(filter);
  };

  return {
    /** Null until the first answer. */
    unread: state.unread,
    filter,
    setFilter,
    list: list ?? EMPTY_LIST,
    retry: () => void load(filter),
    loadOlder: () => void loadOlder(),
    markRead: (id: string) => void markRead({ ids: [id] }),
    markAllRead: () => void markRead({ all: true }),
  };
}

export type Inbox = ReturnType<typeof useInbox>;
