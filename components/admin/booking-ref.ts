/**
 * A short handle for a booking that people can read and compare: "#k3x9qa". The end of the
 * id is its random part; the start is a timestamp that bookings made together share.
 */
export function bookingRef(id: string): string {
  return `#${id.slice(-6)}`;
}
