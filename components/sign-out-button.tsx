"use client";

import { signOut } from "next-auth/react";
import { LogOut } from "lucide-react";
import { sharedRealtimeClient } from "@/lib/realtime/client";

export function SignOutButton() {
  return (
    <button
      type="button"
      onClick={() => {
        sharedRealtimeClient().stop(); // the session ends; so does its socket
        void signOut({ callbackUrl: "/signin" });
      }}
      title="Sign out"
      className="flex shrink-0 items-center gap-1.5 rounded-md p-2 text-slate-700 hover:bg-slate-100 sm:px-2.5 sm:py-1.5"
    >
      <LogOut aria-hidden className="size-4" />
      {/* Icon only on a phone, where the header row has no room for the words. */}
      <span className="sr-only sm:not-sr-only">Sign out</span>
    </button>
  );
}
