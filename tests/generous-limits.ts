/**
 * The per-user and per-address limits raised out of reach, for test and bench servers: their
 * few demo users act far faster and more often than people do (thousands of bookings and
 * requests, hundreds of sockets). tests/integration/fair-use.test.ts tests the limits
 * themselves, at their real size or smaller.
 */
export const GENEROUS_LIMITS: Record<string, string> = {
  MAX_OPEN_BOOKINGS_PER_CLIENT: "1000000",
  HTTP_REQUESTS_PER_USER_PER_MINUTE: "1000000",
  HTTP_REQUESTS_PER_ADDRESS_PER_MINUTE: "1000000",
  REALTIME_MAX_SOCKETS_PER_USER: "1000000",
  REALTIME_HANDSHAKES_PER_USER_PER_MINUTE: "1000000",
  REALTIME_HANDSHAKES_PER_ADDRESS_PER_MINUTE: "1000000",
};
