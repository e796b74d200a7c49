import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Radio } from "lucide-react";
import { SignInForm } from "@/components/sign-in-form";
import { ThemeToggle } from "@/components/theme-toggle";
import { HOME_BY_ROLE } from "@/lib/auth/identity";
import { config } from "@/lib/config";
import { currentUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage() {
  const user = await currentUser();
  if (user) redirect(HOME_BY_ROLE[user.role]);
  return (
    <main className="relative flex min-h-screen items-center justify-center px-4 py-12">
      <div className="absolute top-3 right-3">
        <ThemeToggle />
      </div>
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center gap-3 text-center">
          <span className="flex size-12 items-center justify-center rounded-xl bg-indigo-600 text-white shadow-sm">
            <Radio aria-hidden className="size-6" />
          </span>
          <h1 className="text-2xl font-semibold tracking-tight">Sign in to Switchboard</h1>
          <p className="text-sm text-balance text-slate-600">Book trusted providers and watch every change happen live.</p>
        </div>
        <SignInForm demoHint={config().seedDemo} />
      </div>
    </main>
  );
}
