import type { OutgoingHttpHeaders, ServerResponse } from "node:http";

/**
 * The security headers every response carries: pages, API, static files and Socket.IO's
 * polling transport. Pages replace the Content-Security-Policy with one that lets their own
 * scripts run (`pageContentSecurityPolicy`, set in proxy.ts); everything else is data and
 * gets the policy that allows nothing.
 */
export const SECURITY_HEADERS = {
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
  "Cross-Origin-Opener-Policy": "same-origin",
} as const;

/** Sets the headers on a response before anyone writes to it (server.ts, for every request). */
export function applySecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

/** Adds the headers to a header object that is about to be written (Socket.IO's engine). */
export function addSecurityHeaders(headers: OutgoingHttpHeaders): void {
  Object.assign(headers, SECURITY_HEADERS);
}

/**
 * A page's policy: scripts only from this origin and only those carrying this request's
 * nonce (Next puts it on its own scripts when it finds it in the request's policy), and
 * whatever they load ('strict-dynamic'); connections (fetch, Socket.IO) to this origin only.
 * Styles allow inline: react-hot-toast writes its styles into a <style> element at run time,
 * and inline styles cannot run code. Development adds 'unsafe-eval' for React's debugging
 * and ws: for hot reloading.
 */
export function pageContentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
