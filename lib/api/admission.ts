import { timingSafeEqual } from "node:crypto";
import { allowsInternal, mayAsk, refusal } from "../auth/access-policy";
import { bearerToken, hasSessionCookie, resolveCaller } from "../auth/caller";
import type { Caller } from "../auth/identity";
import { config } from "../config";
import { DomainError, forbidden, notFound, unauthenticated } from "../domain/errors";
import { spendAddressRequest, spendUserRequest } from "../fair-use/requests";
import { CLIENT_ADDRESS_HEADER } from "../http/client-address";
import { isSameOrigin } from "../http/same-origin";
import { permissionOf, type GuardedRoute } from "./route-access";

/**
 * Who may call a route, decided from the request's method and headers alone, whichever
 * server reads the request (Next's route handlers, lib/api/handler.ts; or the realtime
 * endpoints server.ts serves itself, lib/api/node-routes.ts).
 */
export type RequestHead = { method: string; header(name: string): string | null | undefined };
type Params = Record<string, string>;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery guard: a write that a session cookie would authenticate must
 * prove it comes from Switchboard's own pages (lib/http/same-origin.ts). Bearer tokens are
 * exempt (a browser never attaches one by itself), and so are requests without a session
 * cookie (there is nothing to ride on).
 */
function assertNotCrossSite(head: RequestHead): void {
  if (SAFE_METHODS.has(head.method)) return;
  // The same reading of the headers as resolveCaller's, so what it would authenticate by cookie is checked here.
  if (bearerToken(head.header("authorization"))) return;
  if (!hasSessionCookie(head.header("cookie"))) return;
  if (!isSameOrigin({ host: head.header("host"), origin: head.header("origin"), secFetchSite: head.header("sec-fetch-site") }, "foreign")) {
    throw new DomainError("forbidden", "CSRF_REJECTED", "Cross-site request refused: send it from Switchboard's pages, or use a bearer token");
  }
}

/**
 * The signed-in caller, by session cookie or bearer token; 401 otherwise. Each request
 * spends one of the caller's HTTP budget (or, without an identity, the address's): 429
 * when it is spent.
 */
async function signedInCaller(head: RequestHead): Promise<Caller> {
  assertNotCrossSite(head);
  const caller = await resolveCaller({ authorization: head.header("authorization"), cookie: head.header("cookie") });
  if (!caller) {
    await spendAddressRequest(head.header(CLIENT_ADDRESS_HEADER) || "unknown");
    throw unauthenticated();
  }
  await spendUserRequest(caller.id);
  return caller;
}

/**
 * The caller of a route guarded by its line of lib/api/route-access.ts: 401 without
 * identity, 403 when the caller's role could never be allowed its permission
 * (lib/auth/access-policy.ts), 404 for a path parameter the route does not know. Rows are
 * checked by the domain with `authorize`.
 */
export async function admitCaller(route: GuardedRoute, head: RequestHead, params: Params = {}): Promise<Caller> {
  const caller = await signedInCaller(head);
  const permission = permissionOf(route, params);
  if (!permission) throw notFound("Route");
  if (!mayAsk(permission, caller.role)) throw forbidden(refusal(permission));
  return caller;
}

/** `admitCaller` for a route whose permission also admits internal services (INTERNAL_API_SECRET). */
export async function admitCallerOrInternal(route: GuardedRoute, head: RequestHead, params: Params = {}): Promise<Caller | "internal"> {
  if (!isInternalService(head.header("authorization"))) return admitCaller(route, head, params);
  const permission = permissionOf(route, params);
  if (!permission || !allowsInternal(permission)) throw unauthenticated();
  return "internal";
}

/** Does this Authorization header present INTERNAL_API_SECRET as its bearer token (an internal service)? */
function isInternalService(authorization: string | null | undefined): boolean {
  const presented = authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (!presented) return false;
  const expected = Buffer.from(config().secrets.internalApi);
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
