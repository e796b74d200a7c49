import type { Metadata } from "next";
import { AppShell, Section } from "@/components/app-shell";
import { NAV_BY_ROLE } from "@/components/nav";
import { DeviceList } from "@/components/profile/device-list";
import { NameForm } from "@/components/profile/name-form";
import { PasswordForm } from "@/components/profile/password-form";
import { PROFILE_PATH, SettingsNav } from "@/components/settings-nav";
import { SignOutEverywhere } from "@/components/sign-out-everywhere";
import { ThemeChoiceField } from "@/components/theme-toggle";
import { profileOf } from "@/lib/auth/account";
import { currentSignInId, requireRole } from "@/lib/auth/session";
import { devicesOf } from "@/lib/auth/sign-ins";

export const metadata: Metadata = { title: "Profile and security" };

/** Every signed-in person's own account: their name, this browser's theme, their password, and where they are signed in. */
export default async function ProfilePage() {
  const user = await requireRole("CLIENT", "PROVIDER", "ADMIN", "STAFF");
  const [profile, devices] = await Promise.all([profileOf(user.id), devicesOf(user.id, await currentSignInId())]);
  return (
    <AppShell user={user} title="Profile and security" nav={NAV_BY_ROLE[user.role]}>
      <SettingsNav current={PROFILE_PATH} />
      <Section title="Profile">
        <NameForm name={profile.name} email={profile.email} />
      </Section>
      <Section title="Appearance">
        <ThemeChoiceField />
      </Section>
      <Section title="Password">
        <PasswordForm email={profile.email} />
      </Section>
      <Section title="Devices">
        <div className="flex flex-col gap-5">
          <DeviceList devices={devices} />
          <SignOutEverywhere />
        </div>
      </Section>
    </AppShell>
  );
}
