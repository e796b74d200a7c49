"use client";

import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { MAX_NAME_LENGTH } from "@/lib/validation/account-limits";
import { TextField } from "../text-field";
import { FormFooter } from "./form-footer";
import { useAccountForm } from "./use-account-form";

/**
 * The display name. Saved with PATCH /api/me; the page is then refreshed from the server,
 * which reads the name from the database, so the header shows the new one at once.
 */
export function NameForm({ name, email }: { name: string; email: string }) {
  const router = useRouter();
  const form = useAccountForm(["name"] as const);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem("name") as HTMLInputElement;
    const value = input.value.trim();
    if (!value) return form.showErrors({ name: "Enter a name." });
    if (value.length > MAX_NAME_LENGTH) return form.showErrors({ name: `Use at most ${MAX_NAME_LENGTH} characters.` });
    const saved = await form.send<{ user: { name: string } }>("/api/me", "PATCH", { name: value });
    if (!saved) return;
    input.value = saved.user.name; // as saved: trimmed
    form.setStatus(`Saved. You appear as ${saved.user.name}.`);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} aria-label="Change name" noValidate className="flex max-w-md flex-col gap-4">
      <TextField
        id="name"
        label="Display name"
        autoComplete="name"
        defaultValue={name}
        error={form.errors.name}
        hint="Shown to the people you book with or work for."
        onChange={form.edited("name")}
      />
      <div className="space-y-1.5 text-sm">
        <p className="font-medium text-slate-700">Email</p>
        <p className="text-slate-900">{email}</p>
      </div>
      <FormFooter form={form} label="Save name" busyLabel="Saving…" />
    </form>
  );
}
