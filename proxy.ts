import { NextResponse, type NextRequest } from "next/server";
import { pageContentSecurityPolicy } from "./lib/http/security-headers";

/**
 * Gives each page request a fresh nonce and the Content-Security-Policy that names it. Next
 * reads the policy from the request headers while rendering and puts the nonce on its own
 * scripts, so only those run; an injected <script> or inline handler does not. Every page is
 * rendered per request (see app/layout.tsx), which nonces need. The other security headers,
 * and the deny-all policy of API answers, come from server.ts (lib/http/security-headers.ts).
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const policy = pageContentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  // Pages only: API routes answer JSON (and must read their bodies unbuffered); static files run nothing.
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
