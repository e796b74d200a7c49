"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { LoaderCircle, LogIn } from "lucide-react";
import { markSignedIn } from "./signed-in-mark";

const DEMO_ACCOUNTS = ["client@demo.test", "provider@demo.test", "admin@demo.test", "staff@demo.test"];

/** `demoHint`: list the demo accounts (only when the server seeded them). */
export function SignInForm({ demoHint }: { demoHint: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (!result || result.error) {
      setPending(false);
      setError(result?.error === "RATE_LIMITED" ? "Too many failed attempts. Wait a few minutes and try again." : "Wrong email or password.");
      return;
    }
    markSignedIn(); // the dashboard's connection reports it
    // The home page sends each role to its own dashboard.
    router.replace("/");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} aria-label="Sign in" className="space-y-4 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm" noValidate>
      <Field id="email" label="Email" type="email" autoComplete="email" />
      <Field id="password" label="Password" type="password" autoComplete="current-password" />
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
        Sign in
      </button>
      {demoHint ? (
        <p className="text-xs leading-relaxed text-slate-500">
          Demo accounts: {DEMO_ACCOUNTS.join(", ")} (password <code className="font-mono whitespace-nowrap">demo-password</code>).
        </p>
      ) : null}
    </form>
  );
}

function Field({ id, label, type, autoComplete }: { id: string; label: string; type: string; autoComplete: string }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={id}
        name={id}
        type={type}
        autoComplete={autoComplete}
        required
        className="block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm shadow-xs focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600/20"
      />
    </div>
  );
}
