"use client";

import { createContext, useEffect, useState } from "react";
import { usePathname } from "next/navigation";
import { sharedRealtimeClient, type RealtimeClient } from "@/lib/realtime/client";
import { takeSignedInMark } from "./signed-in-mark";

export const RealtimeContext = createContext<RealtimeClient | null>(null);

/**
 * Gives every component below it the tab's one realtime connection. `initialCursor` is the
 * newest durable event id the server render reflected, so whatever happened between the
 * render and the connection is caught up; `initialEpoch` names the event log it belongs to. The connection outlives unmounts (StrictMode
 * mounts twice; navigation between dashboards keeps it); signing out stops it.
 *
 * It reports the person's sign-in and every page they view to the admins' activity feed,
 * reloads the page when the server can no longer replay what the tab missed, and goes to
 * the sign-in page when the server no longer accepts the session.
 */
export function RealtimeProvider({
  initialCursor,
  initialEpoch,
  pollIntervalMs,
  children,
}: {
  initialCursor: number;
  initialEpoch: string;
  pollIntervalMs?: number;
  children: React.ReactNode;
}) {
  const [client] = useState(() => sharedRealtimeClient({ initialCursor, initialEpoch, pollIntervalMs }));
  const path = usePathname();
  useEffect(() => {
    const stopResyncing = client.onResync(() => window.location.reload());
    // Signed out everywhere (from another device), or the session ran out: sign in again.
    const stopWatchingIdentity = client.onSignedOut(() => window.location.assign("/signin"));
    if (takeSignedInMark()) void client.report({ kind: "signed-in" });
    client.start();
    return () => {
      stopResyncing();
      stopWatchingIdentity();
    };
  }, [client]);
  useEffect(() => void client.report({ kind: "page-view", path }), [client, path]);
  return <RealtimeContext.Provider value={client}>{children}</RealtimeContext.Provider>;
}
