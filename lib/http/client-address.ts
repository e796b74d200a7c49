import type { IncomingMessage } from "node:http";

/**
 * The caller's network address, for limits keyed on it (sign-in throttling). server.ts
 * stamps it on every request under this header, replacing whatever a client sent, so a
 * route can trust it; Next's own `x-forwarded-for` keeps a client-supplied value and
 * cannot be trusted.
 */
export const CLIENT_ADDRESS_HEADER = "x-switchboard-client-address";

/**
 * Sets the trusted address header on an incoming request. Behind a reverse proxy
 * (`trustProxy`), the address is the last hop the proxy appended to X-Forwarded-For;
 * otherwise the socket's peer.
 */
export function stampClientAddress(req: IncomingMessage, trustProxy: boolean): void {
  req.headers[CLIENT_ADDRESS_HEADER] = peerAddress(req, trustProxy);
}

/** The address stampClientAddress stamps, for requests server.ts's handler never sees (Socket.IO's handshakes). */
export function peerAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? String(req.headers["x-forwarded-for"] ?? "").split(",").at(-1)?.trim() : "";
  return forwarded || req.socket.remoteAddress || "unknown";
}

/** The stamped address of a request (route handlers and next-auth's plain header objects). */
export function clientAddress(headers: Headers | Record<string, string | string[] | undefined>): string {
  const value = headers instanceof Headers ? headers.get(CLIENT_ADDRESS_HEADER) : headers[CLIENT_ADDRESS_HEADER];
  return (Array.isArray(value) ? value[0] : value) || "unknown";
}
