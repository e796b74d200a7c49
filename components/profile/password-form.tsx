"use client";

import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { MIN_PASSWORD_LENGTH } from "@/lib/validation/account-limits";
import { FormError } from "../admin/field-error";
import { BUTTON } from "../client/button-styles";
import { TextField } from "../text-field";
import { useAccountForm } from "./use-account-form";

const FIELDS = ["currentPassword", "newPassword", "confirmPassword"] as const;

/**
 * A new password, proven by the current one (POST /api/me/password). Every other browser
 * and app is signed out by it; this browser gets a fresh session in the answer and stays
 * signed in, which the form says, and the device list below is refreshed to show it.
 */
export function PasswordForm() {
  const router = useRouter();
  const form = useAccountForm(FIELDS);

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
    if (!(await form.send("/api/me/password", "POST", { currentPassword, newPassword }))) return;
    element.reset();
    form.setStatus("Password changed. Every other browser and app was signed out; this one stays signed in.");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} aria-label="Change password" noValidate className="flex max-w-md flex-col gap-4">
      <TextField
        id="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        error={form.errors.currentPassword}
        onChange={form.edited("currentPassword")}
      />
      <TextField
        id="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        error={form.errors.newPassword}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        onChange={form.edited("newPassword")}
      />
      <TextField
        id="confirmPassword"
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        error={form.errors.confirmPassword}
        onChange={form.edited("confirmPassword")}
      />
      <p className="text-sm text-slate-600">Changing it signs you out of every other browser and app.</p>
      <FormError message={form.formError} />
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={form.pending} className={BUTTON.primary}>
          {form.pending ? "Changing…" : "Change password"}
        </button>
        <p role="status" className="text-sm text-slate-600">
          {form.status}
        </p>
      </div>
    </form>
  );
}
