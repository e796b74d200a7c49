"use client";

import { useContext, useEffect, useRef, useSyncExternalStore } from "react";
import type { Envelope } from "@/lib/realtime/protocol";
import { RealtimeContext } from "@/components/realtime-provider";
import type { ActivityReport, ConnectionStatus, RealtimeClient } from "@/lib/realtime/client";
import type { ServerEventName, ServerEvents } from "@/lib/realtime/protocol";

function useClient(): RealtimeClient {
  const client = useContext(RealtimeContext);
  if (!client) throw new Error("useRealtime needs a <RealtimeProvider> above it");
  return client;
}

/**
 * The realtime connection for a component: its status (`live`, `polling`, `offline`),
 * rooms, requests (client events with acks) and catch-up. One socket per tab whatever the
 * number of components using it.
 *
 * @example
 * const { status, request } = useRealtime();
 * const answer = await request("chat:send", { bookingId, body });
 */
export function useRealtime() {
  const client = useClient();
  const status = useSyncExternalStore<ConnectionStatus>(
    (notify) => client.onStatus(notify),
    () => client.status,
    () => "offline",
  );
  return {
    status,
    subscribe: (room: string) => client.subscribe(room),
    unsubscribe: (room: string) => client.unsubscribe(room),
    request: client.request.bind(client) as RealtimeClient["request"],
    catchUp: () => client.catchUp(),
    /** Tells the admins' activity feed what this person did (see RealtimeClient.report). */
    report: (activity: ActivityReport) => client.report(activity),
    on: (type: string, listener: (envelope: Envelope) => void) => client.on(type, listener),
  };
}

/** Calls `handler` for every `type` event (each durable one once) while mounted; its payload is the protocol's (`ServerEvents`). */
export function useRealtimeEvent<E extends ServerEventName>(type: E, handler: (data: ServerEvents[E], envelope: Envelope<ServerEvents[E]>) => void): void {
  const client = useClient();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => client.on(type, (envelope) => latest.current(envelope.data as ServerEvents[E], envelope as Envelope<ServerEvents[E]>)), [client, type]);
}

/** Keeps the connection subscribed to a room while mounted (and across reconnections). */
export function useRoom(room: string | null): void {
  const client = useClient();
  useEffect(() => {
    if (!room) return;
    void client.subscribe(room);
    return () => void client.unsubscribe(room);
  }, [client, room]);
}
