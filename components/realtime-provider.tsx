"use client";

import { createContext, useEffect, useState } from "react";
import { sharedRealtimeClient, type RealtimeClient } from "@/lib/realtime/client";

export const RealtimeContext = createContext<RealtimeClient | null>(null);

/**
 * Gives every component below it the tab's one realtime connection. `initialCursor` is the
 * newest durable event id the server render reflected, so whatever happened between the
 * render and the connection is caught up. The connection outlives unmounts (StrictMode
 * mounts twice; navigation between dashboards keeps it); signing out stops it.
 */
export function RealtimeProvider({
  initialCursor,
  pollIntervalMs,
  children,
}: {
  initialCursor: number;
  pollIntervalMs?: number;
  children: React.ReactNode;
}) {
  const [client] = useState(() => sharedRealtimeClient({ initialCursor, pollIntervalMs }));
  useEffect(() => client.start(), [client]);
  return <RealtimeContext.Provider value={client}>{children}</RealtimeContext.Provider>;
}
