"use client";

import { createContext, useCallback, useContext, useMemo, useState } from "react";

type AuditRefresh = { version: number; refresh: () => void };

const AuditRefreshContext = createContext<AuditRefresh>({ version: 0, refresh: () => undefined });

/**
 * Lets each admin action (availability, a decline, an announcement) tell the audit log to
 * reload, so what the admin just did is listed at once.
 */
export function AuditRefreshProvider({ children }: { children: React.ReactNode }) {
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  const value = useMemo(() => ({ version, refresh }), [version, refresh]);
  return <AuditRefreshContext.Provider value={value}>{children}</AuditRefreshContext.Provider>;
}

/** `refresh()` after an admin action; `version` grows with each one. */
export function useAuditRefresh(): AuditRefresh {
  return useContext(AuditRefreshContext);
}
