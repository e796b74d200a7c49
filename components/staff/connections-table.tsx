"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useRealtimeEvent, useRoom } from "@/hooks/use-realtime";
import { api } from "@/lib/api/browser";
import type { ConnectionInfo } from "@/lib/realtime/hub";
import { usePollWhileNotLive } from "./use-poll-while-not-live";
import { utcTime } from "./utc-time";

const FALLBACK_POLL_MS = 5000;
const ROLE_LABEL: Record<string, string> = { CLIENT: "Client", PROVIDER: "Provider", ADMIN: "Admin", STAFF: "Staff" };
const TRANSPORT_LABEL: Record<ConnectionInfo["transport"], string> = { websocket: "WebSocket", polling: "Long-polling" };

// A table from `md` up; on a phone each socket becomes a small card, as in BookingTable:
// who and their role, then how and where, then since when.
const ROW = "grid grid-cols-[minmax(0,1fr)_auto] items-center gap-x-4 gap-y-0.5 py-3 md:table-row md:py-0";
const CELL = "md:py-2 md:pr-4 md:align-middle";
const HEAD = "py-2 pr-4 font-medium";

/**
 * Every socket connected right now, one row each. Reloaded from the connections route on
 * each `stats:updated` tick (every 2 s) and at once on `presence:updated`, so someone who
 * arrives or leaves shows within moments.
 */
export function ConnectionsTable({ initial, meId }: { initial: ConnectionInfo[] | null; meId: string }) {
  const [connections, setConnections] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const loading = useRef(false);
  const loadAgain = useRef(false);
  useRoom("admin");

  // One request at a time; a reason to reload that comes in meanwhile runs one more.
  const reload = useCallback(async () => {
    if (loading.current) {
      loadAgain.current = true;
      return;
    }
    loading.current = true;
    try {
      do {
        loadAgain.current = false;
        const result = await api<{ connections: ConnectionInfo[] }>("/api/realtime/connections");
        if (result.ok) setConnections(result.connections);
        setError(result.ok ? null : result.error.message);
      } while (loadAgain.current);
    } finally {
      loading.current = false;
    }
  }, []);

  useRealtimeEvent("stats:updated", () => void reload());
  useRealtimeEvent("presence:updated", () => void reload());
  usePollWhileNotLive(() => void reload(), FALLBACK_POLL_MS);
  useEffect(() => {
    if (!initial) void reload();
  }, []); // once, on mount: only a render without the realtime server lacks the list

  const rows = [...(connections ?? [])].sort((a, b) => a.connectedAt.localeCompare(b.connectedAt) || a.socketId.localeCompare(b.socketId));
  const people = new Set(rows.map((c) => c.userId)).size;

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600" aria-live="polite">
        {connections === null
          ? "Loading connections…"
          : `${rows.length} ${rows.length === 1 ? "socket" : "sockets"} from ${people} ${people === 1 ? "person" : "people"}`}
      </p>
      {error ? (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          Could not refresh the list ({error}). Showing the last one received.
        </p>
      ) : null}
      {connections !== null && rows.length === 0 ? (
        <p className="text-sm text-slate-600">Nobody is connected.</p>
      ) : (
        <div className="md:overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Connected sockets, oldest first</caption>
            <thead className="text-xs uppercase tracking-wide text-slate-600 max-md:sr-only">
              <tr>
                <th className={HEAD}>User</th>
                <th className={HEAD}>Role</th>
                <th className={HEAD}>Transport</th>
                <th className={HEAD}>Node</th>
                <th className="py-2 font-medium">Connected since</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((c) => (
                <tr key={c.socketId} className={ROW}>
                  <td className={`${CELL} col-start-1 row-start-1 font-medium text-slate-900`}>
                    {c.userName}
                    {c.userId === meId ? <span className="ml-2 rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-medium text-indigo-800">you</span> : null}
                  </td>
                  <td className={`${CELL} col-start-2 row-start-1 text-right md:text-left`}>
                    <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">{ROLE_LABEL[c.role] ?? c.role}</span>
                  </td>
                  <td className={`${CELL} col-span-2 text-slate-600 md:text-slate-700`}>
                    {TRANSPORT_LABEL[c.transport]}
                    <span className="md:hidden"> · {c.node}</span>
                  </td>
                  <td className={`${CELL} font-mono text-xs text-slate-700 max-md:hidden`}>{c.node}</td>
                  <td className={`${CELL} col-span-2 tabular-nums text-slate-600 md:pr-0 md:text-slate-700`}>
                    <span className="md:hidden">Connected since </span>
                    <time dateTime={c.connectedAt}>{utcTime(c.connectedAt, { withDate: true })}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
