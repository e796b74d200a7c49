import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { triggerBodySchema } from "../validation/schemas";
import { ApiError } from "./errors";
import { errorResponse, isInternalService, MAX_BODY_BYTES, parseJson, tooLarge } from "./handler";
import { acceptTrigger } from "./trigger";

/**
 * The few hot API routes that server.ts serves itself, ahead of Next's request handler:
 * internal services call them at thousands a second, and Next's per-request work (its
 * router, web-stream plumbing and response compression) cost several times what the
 * route does. Anything else goes to Next.
 *
 * An internal service (INTERNAL_API_SECRET), the caller that sends the volume, is served
 * on Node's own request and response: the body is read with the size limit, parsed by the
 * route's zod schema and handed to the route's own work (`internal`), with no Web
 * `Request`/`Response` built around it, which cost as much CPU as the database write.
 * Every other caller runs the very handler module Next would run (`web`: same auth
 * wrapper, schema and domain call), so answers do not depend on the path taken.
 */
type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type DirectRoute = {
  web: () => Promise<RouteHandler>;
  /** For routes internal services may call; without it they get the route's own answer. */
  internal?: (bodyText: string) => Promise<{ status: number; data: unknown }>;
};

const DIRECT_ROUTES: Record<string, DirectRoute> = {
  "POST /api/realtime/trigger": {
    web: once(async () => (await import("../../app/api/realtime/trigger/route")).POST),
    internal: async (text) => ({ status: 202, data: await acceptTrigger(parseJson(text, triggerBodySchema)) }),
  },
  // Not called often, but each starts a fan-out to everyone, which waits for Next's routing.
  "POST /api/realtime/announcement": {
    web: once(async () => (await import("../../app/api/realtime/announcement/route")).POST),
  },
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
  const internal = route.internal && isInternalService(req.headers.authorization) ? route.internal : undefined;
  void (internal ? respondInternal(internal, req, res, path!) : respondWeb(route, req, res));
  return true;
}

async function respondInternal(internal: NonNullable<DirectRoute["internal"]>, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  try {
    const { status, data } = await internal(await readBody(req));
    send(res, status, { "content-type": "application/json", "cache-control": "no-store" }, Buffer.from(JSON.stringify(data)));
  } catch (error) {
    if (error === CLIENT_GONE) return void res.destroy();
    // A body cut off at the limit leaves the rest unread: close rather than read it to the end.
    if (isTooLarge(error)) res.setHeader("connection", "close");
    await sendResponse(res, errorResponse(error, path)).catch(() => res.destroy());
  }
}

async function respondWeb(route: DirectRoute, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const handler = await route.web();
    await sendResponse(res, await handler(toRequest(req), { params: Promise.resolve({}) }));
  } catch (error) {
    // The route maps its own errors to answers; this is only a broken connection or a bug here.
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}

async function sendResponse(res: ServerResponse, response: Response): Promise<void> {
  send(res, response.status, Object.fromEntries(response.headers), Buffer.from(await response.arrayBuffer()));
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer): void {
  res.writeHead(status, { ...headers, "content-length": body.length });
  res.end(body);
}

const isTooLarge = (error: unknown) => error instanceof ApiError && error.status === 413;

/**
 * The body as text, with readBodyText's limit: a declared length past it is refused unread,
 * a streamed one at the first byte past it (reading stops; the connection is left open
 * for the answer). Rejects when the client goes away before the end.
 */
function readBody(req: IncomingMessage): Promise<string> {
  if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      req.off("data", onData).pause();
      reject(tooLarge());
    };
    const onClose = () => reject(CLIENT_GONE);
    req.on("data", onData);
    req.once("end", () => {
      req.off("close", onClose);
      resolve(Buffer.concat(chunks).toString("utf8"));
    });
    req.once("close", onClose);
  });
}

/** The client closed the connection before its body ended: nobody to answer. */
const CLIENT_GONE = Symbol("client gone");

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
