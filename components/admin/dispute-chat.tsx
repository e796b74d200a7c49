"use client";

import { useEffect, useId, useState } from "react";
import { LoaderCircle, MessageSquare } from "lucide-react";
import { ChatMessageList } from "@/components/chat-message-list";
import { BUTTON } from "@/components/client/button-styles";
import { DisclosureButton } from "@/components/disclosure-button";
import { api } from "@/lib/api/browser";
import type { BookingView } from "@/lib/domain/views";
import type { ChatMessage } from "@/lib/realtime/protocol";

/** The newest messages an admin reads at once; the API's own page limit. */
const MESSAGES = 200;

/**
 * A disputed booking's chat, read-only, for the admin who decides: closed until asked for,
 * since each reading is recorded in the audit log (the server allows it only while the
 * dispute is open). Read again each time it is opened.
 */
export function DisputeChat({ booking }: { booking: BookingView }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <div className="flex flex-col gap-2">
      <DisclosureButton open={open} controls={panelId} onToggle={() => setOpen((now) => !now)} Icon={MessageSquare} className={`${BUTTON.secondary} w-fit`}>
        Read the chat
      </DisclosureButton>
      <p className="text-xs text-slate-600">Opening it is recorded in the audit log.</p>
      <div id={panelId} hidden={!open} className="rounded-lg bg-slate-50 p-3">
        {open ? <ChatSnapshot booking={booking} /> : null}
      </div>
    </div>
  );
}

function ChatSnapshot({ booking }: { booking: BookingView }) {
  const [read, setRead] = useState<{ messages: ChatMessage[] } | { error: string } | null>(null);

  useEffect(() => {
    let current = true;
    void api<{ messages: ChatMessage[] }>(`/api/bookings/${booking.id}/messages?limit=${MESSAGES}`).then((result) => {
      if (!current) return;
      setRead(result.ok ? { messages: result.messages } : { error: result.error.message });
    });
    return () => {
      current = false;
    };
  }, [booking.id]);

  if (!read) {
    return (
      <p className="flex items-center gap-2 text-sm text-slate-600">
        <LoaderCircle aria-hidden className="size-4 animate-spin" /> Loading the chat…
      </p>
    );
  }
  if ("error" in read) {
    return (
      <p role="alert" className="text-sm text-red-800">
        Could not read the chat ({read.error}).
      </p>
    );
  }
  return (
    <ChatMessageList
      messages={read.messages}
      rightId={booking.providerId}
      names={{ [booking.clientId]: booking.clientName, [booking.providerId]: booking.providerName }}
      empty="They sent no messages."
    />
  );
}
