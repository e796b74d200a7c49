const TIME = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", hourCycle: "h23", hour: "2-digit", minute: "2-digit", second: "2-digit" });
const DATE_TIME = new Intl.DateTimeFormat("en-US", {
  timeZone: "UTC",
  hourCycle: "h23",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/**
 * A moment as "14:03:12 UTC", or "Jan 5, 14:03:12 UTC" with its date. Always UTC, so the
 * server's render and the browser's agree whatever the viewer's time zone.
 */
export function utcTime(value: string | number, { withDate = false } = {}): string {
  return `${(withDate ? DATE_TIME : TIME).format(new Date(value))} UTC`;
}
