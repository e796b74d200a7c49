"use client";

import { signOut } from "next-auth/react";
import { LogOut } from "lucide-react";

export function SignOutButton() {
  return (
    <button
      type="button"
      onClick={() => signOut({ callbackUrl: "/signin" })}
      className="flex items-center gap-1.5 rounded-md px-2.5 py-1.5 text-slate-700 hover:bg-slate-100"
    >
      <LogOut aria-hidden className="size-4" />
      Sign out
    </button>
  );
}
