import Link from "next/link";
import { Radio } from "lucide-react";
import type { Caller } from "@/lib/auth/identity";
import { SignOutButton } from "./sign-out-button";

const ROLE_LABEL = { CLIENT: "Client", PROVIDER: "Provider", ADMIN: "Admin", STAFF: "Staff" } as const;

/** The frame of every dashboard: brand, the pages this role may open, who is signed in. */
export function AppShell({
  user,
  title,
  nav,
  children,
}: {
  user: Caller;
  title: string;
  nav: { href: string; label: string }[];
  children: React.ReactNode;
}) {
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/" className="flex items-center gap-2 font-semibold text-slate-900">
            <span className="flex size-8 items-center justify-center rounded-lg bg-indigo-600 text-white">
              <Radio aria-hidden className="size-4" />
            </span>
            Switchboard
          </Link>
          <nav aria-label="Main" className="flex gap-1 text-sm">
            {nav.map((item) => (
              <Link key={item.href} href={item.href} className="rounded-md px-3 py-1.5 text-slate-700 hover:bg-slate-100">
                {item.label}
              </Link>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span className="text-slate-700">
              {user.name} <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600">{ROLE_LABEL[user.role]}</span>
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8">
        <h1 className="mb-6 text-2xl font-semibold tracking-tight">{title}</h1>
        {children}
      </main>
    </div>
  );
}

/** A titled panel on a dashboard. */
export function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section aria-label={title} className="mb-8 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
      <h2 className="mb-4 text-base font-semibold text-slate-900">{title}</h2>
      {children}
    </section>
  );
}
