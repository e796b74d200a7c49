/**
 * Did a request come from Switchboard's own pages? Browsers say where a request comes from
 * in Sec-Fetch-Site and Origin, which a foreign page cannot forge. Used against cross-site
 * request forgery (cookie-authenticated API writes) and cross-site WebSocket hijacking
 * (cookie-authenticated socket handshakes).
 */

type HeaderValue = string | string[] | null | undefined;
export type RequestHeaders = { host: HeaderValue; origin: HeaderValue; secFetchSite: HeaderValue };

const first = (value: HeaderValue) => (Array.isArray(value) ? value[0] : value) ?? null;

/**
 * `unknownMeans`: what to conclude when the request carries neither header. API writes
 * demand proof ("foreign"); a socket handshake cannot, since browsers leave Origin off
 * same-origin GETs (the polling transport) while always sending it on WebSockets.
 */
export function isSameOrigin(headers: RequestHeaders, unknownMeans: "same" | "foreign"): boolean {
  const site = first(headers.secFetchSite);
  if (site) return site === "same-origin";
  const origin = first(headers.origin);
  if (!origin) return unknownMeans === "same";
  return isOwnOrigin(origin, first(headers.host));
}

/** Is `origin` the origin this server was reached at (its Host) or is published at (NEXTAUTH_URL)? */
function isOwnOrigin(origin: string, host: string | null): boolean {
  let url: URL;
  try {
    url = new URL(origin); // "null" (sandboxed frames, some redirects) does not parse
  } catch {
    return false;
  }
  const published = process.env.NEXTAUTH_URL ? new URL(process.env.NEXTAUTH_URL).origin : undefined;
  return url.host === host || url.origin === published;
}
