/**
 * How many rooms one polling request (GET /api/realtime/events?rooms=) may name: a socket
 * may hold more, a URL should not. Shared by the route's schema and the browser's client,
 * kept apart so the browser bundle does not pull zod.
 */
export const MAX_POLLED_ROOMS = 100;
