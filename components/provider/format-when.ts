/** A booking's time as every dashboard shows it: "Nov 23, 2026, 10:00 AM UTC" (the same on server and browser). */
export function formatWhen(iso: string): string {
  return `${new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC`;
}
