"use client";

import { useRouter } from "next/navigation";
import { useContext, type FormEvent } from "react";
import { MIN_PASSWORD_LENGTH } from "@/lib/validation/account-limits";
import { RealtimeContext } from "../realtime-provider";
import { TextField } from "../text-field";
import { FormFooter } from "./form-footer";
import { useAccountForm } from "./use-account-form";

const FIELDS = ["currentPassword", "newPassword", "confirmPassword"] as const;

const FIELD_TEXT: Record<(typeof FIELDS)[number], { label: string; autoComplete: string; hint?: string }> = {
  currentPassword: { label: "Current password", autoComplete: "current-password" },
  newPassword: { label: "New password", autoComplete: "new-password", hint: `At least ${MIN_PASSWORD_LENGTH} characters.` },
  confirmPassword: { label: "Confirm new password", autoComplete: "new-password" },
};

/**
 * A new password, proven by the current one (POST /api/me/password). Every other browser
 * and app is signed out by it; this browser gets a fresh session in the answer and stays
 * signed in, which the form says, and the device list below is refreshed to show it. Other
 * tabs of this browser reconnect with the fresh session too, unless they ask before it
 * arrives: then they go to the sign-in page, which sends them on, still signed in.
 */
export function PasswordForm({ email }: { email: string }) {
  const router = useRouter();
  const realtime = useContext(RealtimeContext);
  const form = useAccountForm(FIELDS);

  /**
   * The change drops every socket of the account, this tab's too, and one that asked again
   * before the answer's new cookie arrived would be refused and send the tab to sign in.
   * So the tab's connection is closed while the change is made and opened again after it.
   */
  async function changeOffline(body: { currentPassword: string; newPassword: string }) {
    realtime?.stop();
    try {
      return await form.send("/api/me/password", "POST", body);
    } finally {
      realtime?.start();
    }
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const data = new FormData(element);
    const [currentPassword, newPassword, confirmPassword] = FIELDS.map((field) => String(data.get(field) ?? ""));
    const problems = {
      ...(currentPassword ? {} : { currentPassword: "Enter your current password." }),
      ...(newPassword.length >= MIN_PASSWORD_LENGTH ? {} : { newPassword: `Use at least ${MIN_PASSWORD_LENGTH} characters.` }),
      ...(confirmPassword === newPassword ? {} : { confirmPassword: "Does not match the new password." }),
    };
    if (Object.keys(problems).length) return form.showErrors(problems);
    if (!(await changeOffline({ currentPassword, newPassword }))) return;
    element.reset();
    form.setStatus("Password changed. Every other browser and app was signed out; this one stays signed in.");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} aria-label="Change password" noValidate className="flex max-w-md flex-col gap-4">
      {/* For password managers: whose password this is. */}
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      {FIELDS.map((field) => (
        <TextField
          key={field}
          id={field}
          type="password"
          {...FIELD_TEXT[field]}
          error={form.errors[field]}
          onChange={form.edited(field)}
        />
      ))}
      <p className="text-sm text-slate-600">Changing it signs you out of every other browser and app.</p>
      <FormFooter form={form} label="Change password" busyLabel="Changing…" />
    </form>
  );
}
