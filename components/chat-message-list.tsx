"use client";

import { useEffect, useRef } from "react";
import type { ChatMessage } from "@/lib/realtime/protocol";

/**
 * A booking's messages, oldest first, as bubbles: `rightId`'s on the right (the reader's
 * own, in a chat they take part in), the other party's on the left. With `names`, each
 * bubble says who wrote it, for a reader who is neither party (an admin deciding a dispute).
 * Scrolls to the newest as messages arrive.
 */
export function ChatMessageList({
  messages,
  rightId,
  names,
  empty = "No messages yet.",
}: {
  messages: ChatMessage[];
  rightId: string;
  names?: Record<string, string>;
  empty?: string;
}) {
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: "nearest" });
  }, [messages.length]);
  return (
    <ol ref={list} aria-label="Messages" className="flex max-h-64 flex-col gap-2 overflow-y-auto">
      {messages.length === 0 ? <li className="text-sm text-slate-500">{empty}</li> : null}
      {messages.map((m) => (
        <li
          key={m.id}
          className={`max-w-[85%] rounded-2xl px-3 py-2 text-sm ${m.senderId === rightId ? "self-end bg-indigo-600 text-white" : "self-start bg-slate-100 text-slate-900"}`}
        >
          {names ? <span className="block text-xs font-semibold opacity-80">{names[m.senderId] ?? "Someone else"}</span> : null}
          <span className="whitespace-pre-wrap wrap-anywhere">{m.body}</span>
          <time dateTime={m.createdAt} className="mt-0.5 block text-[10px] opacity-70">
            {new Date(m.createdAt).toLocaleTimeString("en-US", { timeStyle: "short" })}
          </time>
        </li>
      ))}
    </ol>
  );
}
