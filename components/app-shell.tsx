import Link from "next/link";
import { cache } from "react";
import { CircleUserRound, Radio, Settings } from "lucide-react";
import type { Caller } from "@/lib/auth/identity";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { eventLog } from "@/lib/db/event-log/event-log";
import { preferencesOf } from "@/lib/domain/notification-preferences";
import { ConnectionIndicator } from "./connection-indicator";
import { LiveToasts } from "./live-toasts";
import { NavLinks } from "./nav-links";
import { NotificationBell } from "./notifications/notification-bell";
import { NotificationPreferencesProvider } from "./notifications/preferences-provider";
import { RealtimeProvider } from "./realtime-provider";
import { NOTIFICATION_SETTINGS_PATH, PROFILE_PATH } from "./settings-nav";
import { SignOutButton } from "./sign-out-button";
import { ThemeToggle } from "./theme-toggle";

/**
 * The newest event id a page's render reflects, read once per request. A page calls it
 * before it loads its data: whatever commits after that reaches the page live or through
 * catch-up from this cursor, so nothing falls between the data and the cursor.
 */
export const pinRenderCursor = cache(() => eventLog().latestId());

const ROLE_LABEL = { CLIENT: "Client", PROVIDER: "Provider", ADMIN: "Admin", STAFF: "Staff" } as const;

/**
 * The frame of every dashboard: brand, the pages this role may open, the connection's
 * status, the notification bell and its settings, who is signed in (leading to their
 * profile); and the realtime
 * connection and notification preferences that everything inside shares, starting from
 * the newest event this render reflects.
 */
export async function AppShell({
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
  const [cursor, epoch, preferences] = await Promise.all([pinRenderCursor(), eventLog().epoch(), preferencesOf(user.id)]);
  return (
    <RealtimeProvider initialCursor={cursor} initialEpoch={epoch} pollIntervalMs={config().realtime.clientPollIntervalMs}>
      <NotificationPreferencesProvider initial={preferences}>
        <LiveToasts />
        <div className="min-h-screen">
          <header data-app-header className="border-b border-slate-200 bg-white">
            {/* Phone: brand and account on one row (the name, not the role badge), the page links below. Wider: one row. */}
            <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 px-4">
              <Link href="/" className="flex shrink-0 items-center gap-2 py-3 font-semibold text-slate-900">
                <span className="flex size-8 items-center justify-center rounded-lg bg-indigo-600 text-white">
                  <Radio aria-hidden className="size-4" />
                </span>
                Switchboard
              </Link>
              <div className="flex min-w-0 flex-1 items-center justify-end gap-2 py-3 text-sm sm:order-last">
                <ConnectionIndicator />
                <NotificationBell />
                <Link
                  href={NOTIFICATION_SETTINGS_PATH}
                  aria-label="Notification settings"
                  title="Notification settings"
                  className="shrink-0 rounded-md p-1.5 text-slate-700 hover:bg-slate-100"
                >
                  <Settings aria-hidden className="size-5" />
                </Link>
                {/* On a phone the top row has no room: the theme is chosen on the profile page. */}
                <ThemeToggle className="max-sm:hidden" />
                {/* The name leads to the profile. On a phone this row has no room for it: the link is in the row below. */}
                <Link
                  href={PROFILE_PATH}
                  title="Your profile"
                  className="min-w-0 truncate rounded-md px-1.5 py-1 text-slate-700 hover:bg-slate-100 max-sm:hidden"
                >
                  {user.name}
                  <span className="sr-only"> (profile)</span>
                </Link>
                <span className="shrink-0 rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600 max-sm:hidden">{ROLE_LABEL[user.role]}</span>
                <SignOutButton />
              </div>
              <nav aria-label="Main" className="-ml-3 flex w-full gap-1 pb-2 text-sm sm:ml-0 sm:w-auto sm:pb-0">
                <NavLinks items={nav} />
                <Link href={PROFILE_PATH} className="ml-auto flex items-center gap-1.5 rounded-md px-3 py-1.5 text-slate-600 hover:bg-slate-50 hover:text-slate-900 sm:hidden">
                  <CircleUserRound aria-hidden className="size-4" />
                  <span className="sr-only">{user.name}: </span>Profile
                </Link>
              </nav>
            </div>
          </header>
          <main className="mx-auto max-w-6xl px-4 py-8">
            <h1 className="mb-6 text-2xl font-semibold tracking-tight">{title}</h1>
            {children}
          </main>
        </div>
      </NotificationPreferencesProvider>
    </RealtimeProvider>
  );
}

/** A titled panel on a dashboard. */
export function Section({ title, id, children }: { title: string; id?: string; children: React.ReactNode }) {
  return (
    <section id={id} aria-label={title} className="mb-8 scroll-mt-4 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
      <h2 className="mb-4 text-base font-semibold text-slate-900">{title}</h2>
      {children}
    </section>
  );
}
