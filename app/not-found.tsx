import type { Metadata } from "next";
import Link from "next/link";
import { ArrowLeft, Radio } from "lucide-react";

export const metadata: Metadata = { title: "Page not found" };

/**
 * Any address the app does not know, in its own look rather than Next's bare 404, with the
 * way back: the front door sends each person to their dashboard, or to sign in.
 */
export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="flex w-full max-w-sm flex-col items-center gap-3 text-center">
        <span className="flex size-12 items-center justify-center rounded-xl bg-indigo-600 text-white shadow-sm">
          <Radio aria-hidden className="size-6" />
        </span>
        <p className="text-sm font-semibold text-indigo-700">404</p>
        <h1 className="text-2xl font-semibold tracking-tight">Page not found</h1>
        <p className="text-sm text-balance text-slate-600">There is nothing at this address. It may have moved, or the link may be mistyped.</p>
        <Link
          href="/"
          className="mt-3 flex items-center gap-2 rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500"
        >
          <ArrowLeft aria-hidden className="size-4" />
          Back to Switchboard
        </Link>
      </div>
    </main>
  );
}
