"use client";

import { useState } from "react";
import { signOut } from "next-auth/react";
import { LogOut } from "lucide-react";
import { sharedRealtimeClient } from "@/lib/realtime/client";

const SIGN_OUT_REPORT_WAIT_MS = 1000;

export function SignOutButton() {
  const [leaving, setLeaving] = useState(false);
  return (
    <button
      type="button"
      disabled={leaving}
      aria-busy={leaving}
      onClick={async () => {
        setLeaving(true); // once: a second click would report and sign out twice
        const realtime = sharedRealtimeClient();
        // Reported while the session lasts; a slow answer does not hold the sign-out up.
        await Promise.race([realtime.report({ kind: "signed-out" }), new Promise((done) => setTimeout(done, SIGN_OUT_REPORT_WAIT_MS))]);
        realtime.stop(); // the session ends; so does its socket
        void signOut({ callbackUrl: "/signin" });
      }}
      title="Sign out"
      className="flex shrink-0 items-center gap-1.5 rounded-md p-2 text-slate-700 hover:bg-slate-100 disabled:opacity-60 sm:px-2.5 sm:py-1.5"
    >
      <LogOut aria-hidden className="size-4" />
      {/* Icon only on a phone, where the header row has no room for the words. */}
      <span className="sr-only sm:not-sr-only">Sign out</span>
    </button>
  );
}
