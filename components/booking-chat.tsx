"use client";

import { useEffect, useState, type FormEvent } from "react";
import { Send } from "lucide-react";
import { useRealtime, useRealtimeEvent, useRoom } from "@/hooks/use-realtime";
import type { ChatMessage } from "@/lib/realtime/protocol";
import { ChatMessageList } from "./chat-message-list";

/**
 * A booking's chat between its client and provider, with the other party's presence.
 * History comes over HTTP; new messages arrive on the booking's room; sending goes over
 * the socket when live and over HTTP otherwise (the server treats both the same).
 */
export function BookingChat({
  bookingId,
  meId,
  counterpart,
}: {
  bookingId: string;
  meId: string;
  counterpart: { id: string; name: string };
}) {
  const { status, request } = useRealtime();
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  // "closed": the booking is over, and presence with it (the server answers 409 BOOKING_CLOSED).
  const [online, setOnline] = useState<boolean | null | "closed">(null);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState("");
  useRoom(`booking:${bookingId}`);

  useEffect(() => {
    void fetch(`/api/bookings/${bookingId}/messages`, { cache: "no-store" })
      .then((r) => (r.ok ? r.json() : { messages: [] }))
      .then((body: { messages: ChatMessage[] }) => setMessages((live) => merge(body.messages, live)));
    void fetch(`/api/bookings/${bookingId}/presence`, { cache: "no-store" })
      .then((r) => (r.ok ? r.json() : r.status === 409 ? "closed" : null))
      .then((body: Record<"client" | "provider", { id: string; online: boolean }> | "closed" | null) => {
        if (body === "closed") setOnline("closed");
        else if (body) setOnline((body.client.id === counterpart.id ? body.client : body.provider).online);
      });
  }, [bookingId, counterpart.id]);

  useRealtimeEvent("chat:message", ({ message }) => {
    if (message.bookingId === bookingId) setMessages((current) => merge(current, [message]));
  });
  useRealtimeEvent("presence:updated", ({ userId, online: now }) => {
    if (userId === counterpart.id) setOnline((was) => (was === "closed" ? was : now));
  });

  async function send(event: FormEvent) {
    event.preventDefault();
    const body = draft.trim();
    if (!body) return;
    setError(null);
    const sent =
      status === "live"
        ? await request("chat:send", { bookingId, body })
        : await fetch(`/api/bookings/${bookingId}/messages`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ body }),
          }).then(async (r) => (r.ok ? { ok: true as const, ...(await r.json()) } : { ok: false as const, error: (await r.json()).error }));
    if (!sent.ok) return setError(sent.error.message);
    setDraft("");
    setMessages((current) => merge(current, [sent.message]));
  }

  return (
    <div className="flex flex-col gap-3">
      {online === "closed" ? null : (
        <p className="flex items-center gap-2 text-sm text-slate-600">
          <span aria-hidden className={`size-2 rounded-full ${online ? "bg-emerald-500" : "bg-slate-300"}`} />
          {counterpart.name} is {online === null ? "…" : online ? "online" : "away"}
        </p>
      )}
      <ChatMessageList messages={messages} rightId={meId} />
      <form onSubmit={send} className="flex gap-2">
        <label htmlFor={`chat-${bookingId}`} className="sr-only">
          Message to {counterpart.name}
        </label>
        <input
          id={`chat-${bookingId}`}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          maxLength={2000}
          placeholder={`Message ${counterpart.name}`}
          className="min-w-0 flex-1 rounded-lg border border-slate-300 px-3 py-2 text-sm focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600/20"
        />
        {/* Nothing to send until there is text (spaces alone are not a message). */}
        <button
          type="submit"
          disabled={!draft.trim()}
          className="flex items-center gap-1.5 rounded-lg bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:cursor-not-allowed disabled:bg-indigo-300 disabled:hover:bg-indigo-300"
        >
          <Send aria-hidden className="size-4" />
          Send
        </button>
      </form>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Messages by id, oldest first: history and live arrivals meet without duplicates. */
function merge(a: ChatMessage[], b: ChatMessage[]): ChatMessage[] {
  const byId = new Map([...a, ...b].map((m) => [m.id, m]));
  return [...byId.values()].sort((x, y) => x.createdAt.localeCompare(y.createdAt) || x.id.localeCompare(y.id));
}
