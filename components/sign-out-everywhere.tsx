"use client";

import { useState } from "react";
import { LogOut } from "lucide-react";
import { api } from "@/lib/api/browser";
import { sharedRealtimeClient } from "@/lib/realtime/client";
import { BUTTON } from "./client/button-styles";

/**
 * "Sign out everywhere", asked twice: every browser and app signed in as this person,
 * this one included, is signed out at once (POST /api/auth/revoke); their open pages go
 * to the sign-in page as their live connection is dropped.
 */
export function SignOutEverywhere() {
  const [state, setState] = useState<"idle" | "confirming" | "working">("idle");
  const [error, setError] = useState<string | null>(null);

  async function revoke() {
    setState("working");
    const result = await api<{ revokedAt: string }>("/api/auth/revoke", { method: "POST" });
    if (!result.ok) {
      setError(result.error.message);
      return setState("confirming");
    }
    sharedRealtimeClient().stop();
    window.location.assign("/signin");
  }

  return (
    <div className="flex flex-col gap-3 text-sm text-slate-700">
      <p>Signed in on a device you no longer have, or a shared computer? This signs you out on every browser and app, this one too.</p>
      {state === "idle" ? (
        <button type="button" onClick={() => setState("confirming")} className={`${BUTTON.secondary} self-start`}>
          <LogOut aria-hidden className="size-4" />
          Sign out everywhere
        </button>
      ) : (
        <div role="group" aria-label="Confirm signing out everywhere" className="flex flex-wrap items-center gap-2">
          <button type="button" disabled={state === "working"} onClick={() => void revoke()} className={BUTTON.danger}>
            Yes, sign out everywhere
          </button>
          <button type="button" disabled={state === "working"} onClick={() => setState("idle")} className={BUTTON.quiet}>
            Keep me signed in
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
