"use client";

import { createContext, useContext, useState } from "react";
import { useRealtimeEvent } from "@/hooks/use-realtime";
import type { NotificationPreferences } from "@/lib/domain/preference-rules";

type PreferencesContext = { preferences: NotificationPreferences; setPreferences: React.Dispatch<React.SetStateAction<NotificationPreferences>> };

const Context = createContext<PreferencesContext | null>(null);

/**
 * The signed-in user's notification preferences for everything in the tab (toasts, the
 * settings page), from the page's render and then from `preferences:updated`, so a change
 * made in another tab applies here at once.
 */
export function NotificationPreferencesProvider({ initial, children }: { initial: NotificationPreferences; children: React.ReactNode }) {
  const [preferences, setPreferences] = useState(initial);
  useRealtimeEvent("preferences:updated", (data) => setPreferences(data.preferences));
  return <Context.Provider value={{ preferences, setPreferences }}>{children}</Context.Provider>;
}

export function useNotificationPreferences(): PreferencesContext {
  const context = useContext(Context);
  if (!context) throw new Error("useNotificationPreferences needs a <NotificationPreferencesProvider> above it");
  return context;
}
