"use client";

import { useSyncExternalStore } from "react";

const never = () => () => {};

/**
 * False while the server renders and during hydration, true afterwards: for what depends on
 * the browser (its time zone, its clock), so the server's HTML and the first client render agree.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(never, () => true, () => false);
}
