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
export function applyTheme(choice: ThemeChoice): void {
  const dark = choice === "dark" || (choice === "system" && matchMedia(DARK_QUERY).matches);
  document.documentElement.dataset.theme = dark ? "dark" : "light";
}

/** Calls `onChange` when the system's preference changes; returns the unsubscribe. */
export function watchSystemTheme(onChange: () => void): () => void {
  const query = matchMedia(DARK_QUERY);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

/**
 * The same as applyTheme(storedTheme()), inline in <head> (app/layout.tsx) so the page's
 * first paint is already in the right theme, before React loads.
 */
export const THEME_BOOT_SCRIPT = `(function(){var c="system";try{c=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)})||c}catch(e){}var d=c==="dark"||(c!=="light"&&matchMedia(${JSON.stringify(DARK_QUERY)}).matches);document.documentElement.dataset.theme=d?"dark":"light"})()`;
