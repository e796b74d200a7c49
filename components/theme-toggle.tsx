"use client";

import { useSyncExternalStore } from "react";
import { Monitor, Moon, Sun } from "lucide-react";
import { chooseTheme, storedTheme, subscribeToTheme, type ThemeChoice } from "./theme";

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: "light", light: "dark", dark: "system" };
const LABEL: Record<ThemeChoice, string> = { system: "System theme", light: "Light theme", dark: "Dark theme" };
const ICON = { system: Monitor, light: Sun, dark: Moon };

/**
 * This browser's theme choice, one value for every control on the page (the header's toggle
 * and the profile page's field) and across tabs. The server cannot know it: "system" until
 * the browser says otherwise.
 */
const useThemeChoice = () => useSyncExternalStore(subscribeToTheme, storedTheme, () => "system" as ThemeChoice);

/** One button that steps through system, light and dark; the choice is kept in this browser. */
export function ThemeToggle({ className = "" }: { className?: string }) {
  const choice = useThemeChoice();
  const Icon = ICON[choice];
  const label = `${LABEL[choice]} (switch to ${LABEL[NEXT[choice]].toLowerCase()})`;
  return (
    <button
      type="button"
      onClick={() => chooseTheme(NEXT[choice])}
      aria-label={label}
      title={label}
      className={`shrink-0 rounded-md p-1.5 text-slate-700 hover:bg-slate-100 ${className}`}
    >
      <Icon aria-hidden className="size-5" />
    </button>
  );
}

const OPTIONS: { value: ThemeChoice; label: string; hint: string }[] = [
  { value: "system", label: "System", hint: "Follows this device's light or dark setting" },
  { value: "light", label: "Light", hint: "Always light" },
  { value: "dark", label: "Dark", hint: "Always dark" },
];

/** The same choice as a group of radio buttons, for the profile page (and phones, whose header has no room for the toggle). */
export function ThemeChoiceField() {
  const choice = useThemeChoice();
  return (
    <fieldset>
      <legend className="mb-2 text-sm font-medium text-slate-900">Theme, in this browser</legend>
      <div className="grid gap-2 sm:grid-cols-3">
        {OPTIONS.map(({ value, label, hint }) => {
          const Icon = ICON[value];
          return (
            <label
              key={value}
              className="flex cursor-pointer items-start gap-3 rounded-lg border border-slate-200 p-3 has-checked:border-indigo-600 has-checked:bg-indigo-50"
            >
              <input type="radio" name="theme" value={value} checked={choice === value} onChange={() => chooseTheme(value)} className="mt-1 accent-indigo-600" />
              <span className="flex flex-col">
                <span className="flex items-center gap-1.5 text-sm font-medium text-slate-900">
                  <Icon aria-hidden className="size-4" />
                  {label}
                </span>
                <span className="text-xs text-slate-600">{hint}</span>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
