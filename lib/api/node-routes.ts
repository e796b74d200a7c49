import type { IncomingMessage, ServerResponse } from "node:http";
import { announce } from "../domain/broadcasts";
import { DomainError } from "../domain/errors";
import { announcementBodySchema, triggerBodySchema } from "../validation/schemas";
import { admitCaller, admitCallerOrInternal, type RequestHead } from "./admission";
import { errorResponse, MAX_BODY_BYTES, parseJson, tooLarge } from "./handler";
import type { GuardedRoute } from "./route-access";
import { acceptTrigger } from "./trigger";

/**
 * The realtime endpoints, served by server.ts on Node's own request and response, as
 * Socket.IO serves its own; every other route is Next's (app/api). Internal services call
 * the trigger at thousands a second, and Next's per-request work (its router, the Web
 * `Request`/`Response` around each call, compression) cost several times what the route
 * does (docs/performance.md). Each of these routes is served here only, with the same
 * admission (lib/api/admission.ts), body limit, zod schema and error answers as Next's.
 */
type NodeRoute = (head: RequestHead, body: () => Promise<string>) => Promise<{ status: number; data: unknown }>;

const NODE_ROUTES: Partial<Record<GuardedRoute, NodeRoute>> = {
  /** Internal services (or an admin) send an event to users, roles and rooms. */
  "POST /api/realtime/trigger": async (head, body) => {
    await admitCallerOrInternal("POST /api/realtime/trigger", head);
    return { status: 202, data: await acceptTrigger(parseJson(await body(), triggerBodySchema)) };
  },
  /** An admin's announcement: a fan-out to everyone, or to some roles. */
  "POST /api/realtime/announcement": async (head, body) => {
    const caller = await admitCaller("POST /api/realtime/announcement", head);
    return { status: 201, data: await announce(caller, parseJson(await body(), announcementBodySchema)) };
  },
};

/** The routes served here, for the route table's test. */
export const NODE_ROUTE_KEYS = Object.keys(NODE_ROUTES) as GuardedRoute[];

/** Serves the request when it is one of these routes; returns false (untouched) otherwise. */
export function serveNodeRoute(req: IncomingMessage, res: ServerResponse): boolean {
  const path = req.url?.split("?")[0] ?? "";
  const route = NODE_ROUTES[`${req.method} ${path}` as GuardedRoute];
  if (!route) return false;
  const head: RequestHead = { method: req.method!, header: (name) => req.headers[name] as string | undefined };
  void respond(route, head, req, res, path);
  return true;
}

async function respond(route: NodeRoute, head: RequestHead, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  try {
    const { status, data } = await route(head, () => readBody(req));
    send(res, status, { "content-type": "application/json", "cache-control": "no-store" }, Buffer.from(JSON.stringify(data)));
  } catch (error) {
    if (error === CLIENT_GONE) return void res.destroy();
    // A body cut off at the limit leaves the rest unread: close rather than read it to the end.
    if (error instanceof DomainError && error.kind === "too-large") res.setHeader("connection", "close");
    const response = errorResponse(error, path);
    send(res, response.status, Object.fromEntries(response.headers), Buffer.from(await response.arrayBuffer()));
  }
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer): void {
  res.writeHead(status, { ...headers, "content-length": body.length });
  res.end(body);
}

/**
 * The body as text, with the routes' limit (MAX_BODY_BYTES): a declared length past it is
 * refused unread, a streamed one at the first byte past it (reading stops; the connection
 * is left open for the answer). Rejects when the client goes away before the end.
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

