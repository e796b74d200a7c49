"use client";

import { useEffect, useId, useRef } from "react";
import { MessageSquare } from "lucide-react";
import { BookingChat } from "@/components/booking-chat";
import { DetailItem } from "@/components/detail-item";
import { DisputeNote } from "@/components/dispute-note";
import { StatusBadge } from "@/components/status-badge";
import { PAYABLE_BOOKING_STATUSES } from "@/lib/domain/state-machines";
import type { BookingView } from "@/lib/domain/views";
import { formatMoney } from "@/lib/money";
import { BookingActionBar, hasActions } from "./booking-action-bar";
import { formatWhen } from "./format-when";
import { HoldCountdown } from "./hold-countdown";
import { useProviderBoard } from "./provider-board";

const METHOD = { CARD: "Card", CASH: "Cash" } as const;

/**
 * One booking as the provider works it: who, what, when, the money, the hold's time left
 * while it is a request, what can be done next, and the chat with the client.
 */
export function BookingCard({ booking: b, fresh }: { booking: BookingView; fresh: boolean }) {
  const { currency, holdWarningMs, meId, actions, chats, focusId, clearFocus } = useProviderBoard();
  const card = useRef<HTMLElement>(null);
  const titleId = useId();
  const chatId = useId();
  const chatOpen = chats.open.has(b.id);
  const unread = chats.unread[b.id] ?? 0;
  const error = actions.errors[b.id];

  // After an action the card may have moved to another list; keyboard focus follows it.
  useEffect(() => {
    if (focusId !== b.id) return;
    card.current?.focus({ preventScroll: true });
    clearFocus();
  }, [focusId, b.id, clearFocus]);

  return (
    <article
      ref={card}
      tabIndex={-1}
      aria-labelledby={titleId}
      data-booking-id={b.id}
      className={`rounded-xl border p-4 ${fresh ? "border-indigo-300 bg-indigo-50/60 ring-1 ring-indigo-300" : "border-slate-200 bg-white"}`}
    >
      <header className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 id={titleId} className="flex flex-wrap items-center gap-x-2 font-medium text-slate-900">
            {b.serviceTitle}
            {fresh ? <span className="rounded-full bg-indigo-600 px-2 py-0.5 text-xs font-semibold text-white">New</span> : null}
          </h3>
          <p className="truncate text-sm text-slate-600">{b.clientName}</p>
        </div>
        <StatusBadge status={b.status} />
      </header>

      <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-[minmax(0,1.4fr)_repeat(3,minmax(0,1fr))]">
        <DetailItem term="When">
          <When iso={b.scheduledAt} />
        </DetailItem>
        <DetailItem term="Price">
          <span className="tabular-nums">{formatMoney(b.priceCents, currency)}</span>
        </DetailItem>
        <DetailItem term="Payment">
          {b.payment ? (
            <span className="inline-flex flex-wrap items-center gap-x-1.5">
              {METHOD[b.payment.method]} <StatusBadge status={b.payment.status} />
            </span>
          ) : (
            <span className="text-slate-500">{PAYABLE_BOOKING_STATUSES.includes(b.status) ? "Not paid yet" : "Not paid"}</span>
          )}
        </DetailItem>
        {b.status === "PENDING" && b.holdExpiresAt ? (
          <DetailItem term="Hold">
            <HoldCountdown expiresAt={b.holdExpiresAt} warningMs={holdWarningMs} />
          </DetailItem>
        ) : b.payout ? (
          <DetailItem term="Payout">
            <span className="inline-flex items-center gap-1.5 tabular-nums">
              {formatMoney(b.payout.amountCents, b.payout.currency)} <StatusBadge status={b.payout.status} />
            </span>
          </DetailItem>
        ) : null}
      </dl>

      {b.status === "COMPLETED" && b.payment?.status === "ESCROW" && b.disputeWindowEndsAt ? (
        <p className="mt-3 rounded-lg bg-indigo-50 px-3 py-2 text-sm text-indigo-950">
          Held in escrow until {b.clientName} confirms the work, or until <When iso={b.disputeWindowEndsAt} /> if they do not dispute it.
        </p>
      ) : null}
      {b.payment && b.dispute ? (
        <div className="mt-3">
          <DisputeNote
            dispute={b.dispute}
            amountCents={b.payment.amountCents}
            currency={b.payment.currency}
            names={{ client: b.clientName, provider: "you" }}
            when={(iso) => <When iso={iso} />}
          />
        </div>
      ) : null}

      {/* A finished booking keeps only its chat, so that row sits closer to the details. */}
      <div className={`${hasActions(b) ? "mt-4" : "mt-1"} flex flex-wrap items-center gap-2`}>
        <BookingActionBar booking={b} running={actions.running[b.id]} onAction={(action) => void actions.run(b, action)} />
        <button
          type="button"
          onClick={() => chats.toggle(b.id)}
          aria-expanded={chatOpen}
          aria-label={unread > 0 ? `Chat, ${unread} new ${unread === 1 ? "message" : "messages"}` : undefined}
          aria-controls={chatOpen ? chatId : undefined}
          className="ml-auto inline-flex min-h-10 items-center gap-1.5 rounded-lg px-3 text-sm font-medium text-slate-700 hover:bg-slate-100"
        >
          <MessageSquare aria-hidden className="size-4" />
          Chat
          {unread > 0 ? (
            <span aria-hidden className="rounded-full bg-indigo-600 px-1.5 text-xs font-semibold leading-5 text-white">
              {unread}
            </span>
          ) : null}
        </button>
      </div>

      {error ? (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}

      {chatOpen ? (
        <div id={chatId} className="mt-4 border-t border-slate-100 pt-4">
          <BookingChat bookingId={b.id} meId={meId} counterpart={{ id: b.clientId, name: b.clientName }} />
        </div>
      ) : null}
    </article>
  );
}

function When({ iso }: { iso: string }) {
  return <time dateTime={iso}>{formatWhen(iso)}</time>;
}
