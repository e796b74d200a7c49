"use client";

import { useHydrated } from "./use-hydrated";

const FORMAT: Intl.DateTimeFormatOptions = { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" };

/**
 * A moment in the reader's own time zone, with the zone named. The server does not know
 * that zone, so it renders UTC (also named) until the browser takes over.
 */
export function LocalTime({ iso }: { iso: string }) {
  const hydrated = useHydrated();
  const date = new Date(iso);
  const text = date.toLocaleString("en-US", { ...FORMAT, timeZoneName: "short", ...(hydrated ? {} : { timeZone: "UTC" }) });
  return <time dateTime={iso}>{text}</time>;
}
