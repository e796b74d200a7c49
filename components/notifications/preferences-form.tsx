"use client";

import { useState } from "react";
import { ShieldAlert } from "lucide-react";
import { api } from "@/lib/api/browser";
import type { NotificationChannel, NotificationKind, NotificationPreferences } from "@/lib/domain/preference-rules";
import { TYPE_LOOK } from "./notification-look";
import { useNotificationPreferences } from "./preferences-provider";

const KIND_TEXT: Record<NotificationKind, { label: string; hint: string }> = {
  booking: { label: "Bookings", hint: "Requests, confirmations, changes, and spot and availability alerts." },
  payment: { label: "Payments", hint: "Payments, escrow and refunds." },
  payout: { label: "Payouts", hint: "Money on its way to you." },
  chat: { label: "Chat", hint: "New messages about a booking." },
  system: { label: "System", hint: "Announcements and messages from the Switchboard team." },
};

const CHANNEL_TEXT: Record<NotificationChannel, string> = { toast: "Pop-ups", inbox: "Inbox" };

type SaveState = { state: "idle" } | { state: "saving" } | { state: "saved" } | { state: "failed"; message: string };

/**
 * One switch per kind and channel, saved as soon as it is flipped; the tab's toasts follow
 * at once (through the shared preferences), other tabs on `preferences:updated`.
 */
export function PreferencesForm({ kinds }: { kinds: NotificationKind[] }) {
  const { preferences, setPreferences } = useNotificationPreferences();
  const [save, setSave] = useState<SaveState>({ state: "idle" });

  async function flip(kind: NotificationKind, channel: NotificationChannel) {
    // Each switch changes (and on failure restores) only its own cell, so saves that
    // overlap never undo one another's switches.
    const setCell = (on: boolean) => setPreferences((current) => ({ ...current, [kind]: { ...current[kind], [channel]: on } }));
    const keep = !preferences[kind][channel];
    setCell(keep);
    setSave({ state: "saving" });
    const result = await api<{ preferences: NotificationPreferences }>("/api/notifications/preferences", {
      method: "PUT",
      body: { [kind]: { [channel]: keep } },
    });
    if (result.ok) {
      setCell(result.preferences[kind][channel]);
      setSave({ state: "saved" });
    } else {
      setCell(!keep);
      setSave({ state: "failed", message: result.error.message });
    }
  }

  return (
    <div className="flex flex-col gap-5">
      <p className="text-sm text-slate-600">
        Choose, for each kind of notification, whether it pops up while you are here and whether it is kept in your inbox.
      </p>
      <table className="w-full text-sm">
        <thead>
          <tr className="border-b border-slate-200 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
            <th scope="col" className="pb-2 font-medium">
              Kind
            </th>
            {(["toast", "inbox"] as const).map((channel) => (
              <th key={channel} scope="col" className="w-16 pb-2 text-center font-medium sm:w-28">
                {CHANNEL_TEXT[channel]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {kinds.map((kind) => {
            const { Icon, tint } = TYPE_LOOK[kind];
            return (
              <tr key={kind} data-kind={kind}>
                <th scope="row" className="py-3 pr-3 text-left font-normal">
                  <span className="flex items-start gap-3">
                    {/* A phone needs the width for the words more than for the icon. */}
                    <span className={`flex size-8 shrink-0 items-center justify-center rounded-full max-sm:hidden ${tint}`}>
                      <Icon aria-hidden className="size-4" />
                    </span>
                    <span className="min-w-0">
                      <span className="block font-medium text-slate-900">{KIND_TEXT[kind].label}</span>
                      <span className="block text-slate-600">{KIND_TEXT[kind].hint}</span>
                    </span>
                  </span>
                </th>
                {(["toast", "inbox"] as const).map((channel) => (
                  <td key={channel} className="py-3 text-center">
                    <Switch
                      label={`${KIND_TEXT[kind].label}: ${CHANNEL_TEXT[channel].toLowerCase()}`}
                      on={preferences[kind][channel]}
                      onFlip={() => void flip(kind, channel)}
                    />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p role="status" className={`min-h-5 text-sm ${save.state === "failed" ? "text-red-700" : "text-slate-600"}`}>
        {save.state === "saving" ? "Saving…" : save.state === "saved" ? "Saved" : save.state === "failed" ? `Not saved: ${save.message}` : ""}
      </p>
      <div className="flex gap-3 rounded-xl bg-amber-50 p-4 text-sm text-amber-950 ring-1 ring-inset ring-amber-600/20">
        <ShieldAlert aria-hidden className="mt-0.5 size-5 shrink-0 text-amber-700" />
        <p>
          <span className="font-medium">Critical notifications always reach you</span>, as a pop-up and in your inbox, whatever you choose
          here: a failed payment or payout, a booking the other side cancelled or an administrator declined, and critical announcements.
        </p>
      </div>
    </div>
  );
}

/** An on/off switch: a button that says its state to screen readers as `aria-checked`. */
function Switch({ label, on, onFlip }: { label: string; on: boolean; onFlip: () => void }) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={on}
      aria-label={label}
      onClick={onFlip}
      className={`relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 ${
        on ? "bg-indigo-600" : "bg-slate-300"
      }`}
    >
      <span aria-hidden className={`inline-block size-5 rounded-full bg-white shadow-sm transition-transform ${on ? "translate-x-5.5" : "translate-x-0.5"}`} />
    </button>
  );
}
