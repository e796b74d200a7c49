"use client";

import { useEffect, useState } from "react";
import { Monitor, Moon, Sun } from "lucide-react";
import { applyTheme, storedTheme, THEME_STORAGE_KEY, watchSystemTheme, type ThemeChoice } from "./theme";

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: "light", light: "dark", dark: "system" };
const LABEL: Record<ThemeChoice, string> = { system: "System theme", light: "Light theme", dark: "Dark theme" };
const ICON = { system: Monitor, light: Sun, dark: Moon };

/** One button that steps through system, light and dark; the choice is kept in this browser. */
export function ThemeToggle() {
  // The server cannot know the choice: render "system" until the browser says otherwise.
  const [choice, setChoice] = useState<ThemeChoice>("system");
  useEffect(() => setChoice(storedTheme()), []);
  useEffect(() => {
    applyTheme(choice);
    if (choice === "system") return watchSystemTheme(() => applyTheme("system"));
  }, [choice]);

  const choose = (next: ThemeChoice) => {
    try {
      if (next === "system") localStorage.removeItem(THEME_STORAGE_KEY);
      else localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Storage refused: the choice holds for this page only.
    }
    setChoice(next);
  };

  const Icon = ICON[choice];
  const label = `${LABEL[choice]} (switch to ${LABEL[NEXT[choice]].toLowerCase()})`;
  return (
    <button
      type="button"
      onClick={() => choose(NEXT[choice])}
      aria-label={label}
      title={label}
      data-theme-choice={choice}
      className="shrink-0 rounded-md p-1.5 text-slate-700 hover:bg-slate-100"
    >
      <Icon aria-hidden className="size-5" />
    </button>
  );
}
