/**
 * Availability in the words of someone booking a cleaning: "4 of 4 slots open" (a service's
 * capacity is how many bookings it takes at once, each a slot), not "4 of 4 free" units.
 */
export function slotsOpen(available: number, capacity: number): string {
  return `${available} of ${capacity} ${capacity === 1 ? "slot" : "slots"} open`;
}

/** "1 slot", "3 slots". */
export function slots(count: number): string {
  return `${count} ${count === 1 ? "slot" : "slots"}`;
}
