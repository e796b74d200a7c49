"use client";

import { useState, type FormEvent } from "react";
import { signIn } from "next-auth/react";
import { LoaderCircle, LogIn } from "lucide-react";
import { markSignedIn } from "./signed-in-mark";
import { TextField } from "./text-field";

/** The seeded demo accounts (README's table), with what each holds, so a visitor knows whom to watch. */
const DEMO_ACCOUNTS = [
  ["client@demo.test", "client"],
  ["client2@demo.test", "another client"],
  ["provider@demo.test", "provider of the cleanings"],
  ["provider2@demo.test", "provider of the bike tune-up and training"],
  ["admin@demo.test", "admin"],
  ["staff@demo.test", "staff"],
] as const;

type FieldErrors = { email?: string; password?: string };

/**
 * `demoHint`: list the demo accounts (only when the server seeded them). An empty field is
 * named under itself before anything is sent. Once signed in, the form keeps its spinner
 * and the browser loads the front door as a new page, which sends the person to their
 * dashboard: the browser keeps showing the form until the dashboard paints, where a
 * client-side navigation showed an empty page in between.
 */
export function SignInForm({ demoHint }: { demoHint: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const missing: FieldErrors = {
      ...(email ? {} : { email: "Enter your email address." }),
      ...(password ? {} : { password: "Enter your password." }),
    };
    setFieldErrors(missing);
    setError(null);
    if (missing.email || missing.password) {
      document.getElementById(missing.email ? "email" : "password")?.focus();
      return;
    }
    setPending(true);
    const result = await signIn("credentials", { email, password, redirect: false });
    if (!result || result.error) {
      setPending(false);
      setError(result?.error === "RATE_LIMITED" ? "Too many failed attempts. Wait a few minutes and try again." : "Wrong email or password.");
      return;
    }
    markSignedIn(); // the dashboard's connection reports it
    window.location.assign("/");
  }

  const edited = (field: keyof FieldErrors) => () => setFieldErrors((current) => (current[field] ? { ...current, [field]: undefined } : current));

  return (
    <form onSubmit={onSubmit} aria-label="Sign in" className="space-y-4 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm" noValidate>
      <TextField id="email" label="Email" type="email" autoComplete="email" error={fieldErrors.email} onChange={edited("email")} />
      <TextField id="password" label="Password" type="password" autoComplete="current-password" error={fieldErrors.password} onChange={edited("password")} />
      {error ? (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={pending}
        className="flex w-full items-center justify-center gap-2 rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60"
      >
        {pending ? <LoaderCircle aria-hidden className="size-4 animate-spin" /> : <LogIn aria-hidden className="size-4" />}
        {pending ? "Signing in…" : "Sign in"}
      </button>
      {demoHint ? (
        <div className="text-xs leading-relaxed text-slate-500">
          <p>
            Demo accounts, password <code className="font-mono whitespace-nowrap">demo-password</code>:
          </p>
          <ul aria-label="Demo accounts" className="mt-1 space-y-0.5">
            {DEMO_ACCOUNTS.map(([email, who]) => (
              <li key={email}>
                <code className="font-mono">{email}</code> <span>({who})</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </form>
  );
}
