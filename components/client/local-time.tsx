"use client";

import { useHydrated } from "./use-hydrated";

const FORMAT: Intl.DateTimeFormatOptions = { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" };

/**
 * How a moment reads: weekday, date and time with the zone named, and the year too unless it
 * is this year (a date a year away must not read as this year's).
 */
export function formatMoment(date: Date, now: Date, timeZone?: string): string {
  const yearOf = (d: Date) => d.toLocaleString("en-US", { year: "numeric", timeZone });
  const year = yearOf(date) === yearOf(now) ? {} : { year: "numeric" as const };
  return date.toLocaleString("en-US", { ...FORMAT, ...year, timeZoneName: "short", timeZone });
}

/**
 * A moment in the reader's own time zone, with the zone named. The server does not know
 * that zone, so it renders UTC (also named) until the browser takes over.
 */
export function LocalTime({ iso }: { iso: string }) {
  const hydrated = useHydrated();
  return <time dateTime={iso}>{formatMoment(new Date(iso), new Date(), hydrated ? undefined : "UTC")}</time>;
}
