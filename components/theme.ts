/**
 * Light or dark: the user's choice, kept in this browser (localStorage), or the system's
 * (`prefers-color-scheme`) until they choose. The theme is the `data-theme` attribute of
 * <html>, which app/globals.css turns the palette around for.
 */
export type ThemeChoice = "system" | "light" | "dark";

export const THEME_STORAGE_KEY = "switchboard-theme";

const DARK_QUERY = "(prefers-color-scheme: dark)";

export function storedTheme(): ThemeChoice {
  try {
    const stored = localStorage.getItem(THEME_STORAGE_KEY);
    return stored === "light" || stored === "dark" ? stored : "system";
  } catch {
    return "system"; // storage refused (a privacy setting): follow the system
  }
}

/** Sets <html data-theme> for the choice; "system" resolves through the media query now. */
function applyTheme(choice: ThemeChoice): void {
  const dark = choice === "dark" || (choice === "system" && matchMedia(DARK_QUERY).matches);
  document.documentElement.dataset.theme = dark ? "dark" : "light";
}

const listeners = new Set<() => void>();
const notify = () => {
  applyTheme(storedTheme());
  for (const listener of listeners) listener();
};

/** Keeps the choice and applies it; every control showing it hears of it (chooseTheme's subscribers). */
export function chooseTheme(next: ThemeChoice): void {
  try {
    if (next === "system") localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, next);
  } catch {
    // Storage refused: the page keeps its current theme.
  }
  notify();
}

/**
 * For useSyncExternalStore: calls `listener` when the choice changes here or in another tab,
 * and re-applies "system" when the system's preference changes.
 */
export function subscribeToTheme(listener: () => void): () => void {
  if (listeners.size === 0) {
    matchMedia(DARK_QUERY).addEventListener("change", notify);
    window.addEventListener("storage", notify);
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0) return;
    matchMedia(DARK_QUERY).removeEventListener("change", notify);
    window.removeEventListener("storage", notify);
  };
}

/**
 * The same as applyTheme(storedTheme()), inline in <head> (app/layout.tsx) so the page's
 * first paint is already in the right theme, before React loads.
 */
export const THEME_BOOT_SCRIPT = `(function(){var c="system";try{c=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)})||c}catch(e){}var d=c==="dark"||(c!=="light"&&matchMedia(${JSON.stringify(DARK_QUERY)}).matches);document.documentElement.dataset.theme=d?"dark":"light"})()`;
