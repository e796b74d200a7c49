import type { Metadata } from "next";
import { AppShell, Section } from "@/components/app-shell";
import { NAV_BY_ROLE } from "@/components/nav";
import { PreferencesForm } from "@/components/notifications/preferences-form";
import { NOTIFICATION_SETTINGS_PATH, SettingsNav } from "@/components/settings-nav";
import { SignOutEverywhere } from "@/components/sign-out-everywhere";
import type { Role } from "@/lib/auth/identity";
import { requireRole } from "@/lib/auth/session";
import type { NotificationKind } from "@/lib/domain/preference-rules";

export const metadata: Metadata = { title: "Notification settings" };

/** The kinds of notification each role receives, so nobody is asked about ones they never get. */
const KINDS_BY_ROLE: Record<Role, NotificationKind[]> = {
  CLIENT: ["booking", "payment", "chat", "system"],
  PROVIDER: ["booking", "payment", "payout", "chat", "system"],
  ADMIN: ["system"],
  STAFF: ["system"],
};

/** Every signed-in person's choice of what pops up and what lands in their inbox, per kind, and signing out everywhere. */
export default async function NotificationSettingsPage() {
  const user = await requireRole("CLIENT", "PROVIDER", "ADMIN", "STAFF");
  return (
    <AppShell user={user} title="Notification settings" nav={NAV_BY_ROLE[user.role]}>
      <SettingsNav current={NOTIFICATION_SETTINGS_PATH} />
      <Section title="What reaches you">
        <PreferencesForm kinds={KINDS_BY_ROLE[user.role]} />
      </Section>
      <Section title="Where you are signed in">
        <SignOutEverywhere />
      </Section>
    </AppShell>
  );
}
