/**
 * The baseline: a bare Socket.IO server (the version Switchboard uses, default options),
 * with no auth and no database. It answers the few HTTP routes the bench calls on
 * Switchboard with the same shapes, so the workers drive both servers the same way:
 *
 * - POST /api/realtime/trigger `{event, data, to:{users?, roles?}, notification?}` emits to
 *   `user:<id>` rooms, or to everyone for `roles` (every bench client is a CLIENT); with a
 *   `notification`, also `notification:new` carrying it, as Switchboard does (without the
 *   inbox row it writes);
 * - POST /api/realtime/announcement `{message}` emits `announcement` to everyone;
 * - GET /api/metrics reports heap, RSS and CPU time under Switchboard's metric names;
 * - GET /api/health answers 200.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Server } from "socket.io";

type TriggerBody = { event: string; data?: unknown; to: { users?: string[]; roles?: string[] }; notification?: { title: string; body?: string } };

const httpServer = createServer((req, res) => {
  route(req, res).catch((error: unknown) => reply(res, 500, { error: String(error) }));
});
const io = new Server(httpServer, { path: "/socket.io" });

io.on("connection", (socket) => {
  // The bench's clients carry a Switchboard token; its subject is read, not verified (no auth here).
  const claims = String(socket.handshake.auth.token ?? "").split(".")[1];
  const userId: string = claims ? JSON.parse(Buffer.from(claims, "base64url").toString()).sub : socket.id;
  void socket.join(`user:${userId}`);
  socket.emit("connected", envelope("connected", { userId }));
});

function envelope(type: string, data: unknown) {
  return { eventId: null, type, ts: new Date().toISOString(), data };
}

async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === "POST" && req.url === "/api/realtime/trigger") {
    const { event, data, to, notification } = (await readJson(req)) as TriggerBody;
    const operator = to.roles?.length ? io : io.to((to.users ?? []).map((id) => `user:${id}`));
    operator.emit(event, envelope(event, data ?? null));
    if (notification) operator.emit("notification:new", envelope("notification:new", { notification }));
    return reply(res, 202, { eventId: null });
  }
  if (req.method === "POST" && req.url === "/api/realtime/announcement") {
    const { message } = (await readJson(req)) as { message: string };
    io.emit("announcement", envelope("announcement", { message }));
    return reply(res, 201, { announcement: { message } });
  }
  if (req.method === "GET" && req.url === "/api/metrics") {
    const { heapUsed, rss } = process.memoryUsage();
    const { user, system } = process.cpuUsage();
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(
      `switchboard_nodejs_heap_size_used_bytes ${heapUsed}\nswitchboard_process_resident_memory_bytes ${rss}\n` +
        `switchboard_process_cpu_seconds_total ${(user + system) / 1e6}\n`,
    );
    return;
  }
  if (req.method === "GET" && req.url === "/api/health") return reply(res, 200, { ok: true });
  reply(res, 404, { error: "not found" });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString());
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

httpServer.listen(Number(process.env.PORT), "127.0.0.1");
process.on("SIGTERM", () => io.close(() => process.exit(0)));
