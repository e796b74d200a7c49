import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";

/**
 * The few hot API routes that server.ts serves itself, ahead of Next's request handler:
 * internal services call them at thousands a second, and Next's per-request work (its
 * router, web-stream plumbing and response compression) cost several times what the
 * route does. They run the very handler module Next would run (`app/api/.../route.ts`,
 * same auth wrapper, same zod schema, same domain call), so behaviour and answers do not
 * change; only the trip through Next is skipped. Anything else goes to Next.
 */
type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

const DIRECT_ROUTES: Record<string, () => Promise<RouteHandler>> = {
  "POST /api/realtime/trigger": once(async () => (await import("../../app/api/realtime/trigger/route")).POST),
};

/** Loads a route module on first use only: each `import()` goes through the module loader again (under tsx, a round trip to its loader thread). */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

/** Serves the request when it is one of the direct routes; returns false (untouched) otherwise. */
export function serveDirectRoute(req: IncomingMessage, res: ServerResponse): boolean {
  const path = req.url?.split("?")[0];
  const route = DIRECT_ROUTES[`${req.method} ${path}`];
  if (!route) return false;
  void respond(route, req, res);
  return true;
}

async function respond(route: () => Promise<RouteHandler>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const handler = await route();
    const response = await handler(toRequest(req), { params: Promise.resolve({}) });
    const body = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, { ...Object.fromEntries(response.headers), "content-length": body.length });
    res.end(body);
  } catch (error) {
    // The route maps its own errors to answers; this is only a broken connection or a bug here.
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * The Web `Request` a route handler expects, its body streamed from the connection as it
 * arrives: the handler's own reader (readBodyText) answers 413 as soon as the body passes
 * the limit, as under Next, without waiting for the rest.
 */
function toRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
  return new Request(`http://localhost${req.url}`, { method: req.method, headers, body, duplex: "half" } as RequestInit);
}
