import { createServer, request } from "node:http";
import { connect, type Socket } from "node:net";
import { freePort } from "./server";

/**
 * The network between a browser and a server, as a test steers it: an HTTP and WebSocket
 * proxy that can refuse WebSockets (as some corporate proxies do), make the server
 * unreachable, cut the WebSockets it carries, and hold back the answers of the polling
 * route (GET /api/realtime/events) after the server has given them.
 *
 * @example
 * const proxy = await startProxy(server);
 * const watcher = await realtimeClientFor(users.client, { url: proxy.url });
 * proxy.setMode("down");
 * proxy.cut(); // the client is offline until setMode("open")
 */

/** `open`: everything passes; `websockets-blocked`: HTTP passes, upgrades are refused; `down`: nothing passes (HTTP 502). */
export type ProxyMode = "open" | "websockets-blocked" | "down";

export type TestProxy = Awaited<ReturnType<typeof startProxy>>;

export async function startProxy(target: { url: string }) {
  const upstream = new URL(target.url);
  let mode: ProxyMode = "open";
  const tunnels = new Set<Socket>();
  let held: { answered: () => void; released: Promise<void> } | null = null;

  const server = createServer((req, res) => {
    if (mode === "down") return void res.writeHead(502).end();
    const forward = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, async (answer) => {
      const hold = req.url?.startsWith("/api/realtime/events") ? held : null;
      if (hold) {
        hold.answered();
        await hold.released;
      }
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    forward.once("error", () => res.destroy());
    req.pipe(forward);
  });

  server.on("upgrade", (req, client: Socket, head: Buffer) => {
    if (mode !== "open") return void client.destroy();
    const socket = connect(Number(upstream.port), upstream.hostname, () => {
      const headers = req.rawHeaders.map((value, i) => (i % 2 ? `${value}\r\n` : `${value}: `)).join("");
      socket.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers}\r\n`);
      socket.write(head);
      socket.pipe(client).pipe(socket);
    });
    for (const end of [client, socket]) {
      tunnels.add(end);
      end.once("error", () => undefined);
      end.once("close", () => {
        tunnels.delete(end);
        client.destroy();
        socket.destroy();
      });
    }
  });

  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));

  return {
    url: `http://127.0.0.1:${port}`,
    setMode(next: ProxyMode): void {
      mode = next;
    },
    /** Closes every WebSocket it carries, as a dropped network would; what happens next follows the mode. */
    cut(): void {
      for (const socket of tunnels) socket.destroy();
    },
    /**
     * Holds the polling route's answers until `release()`. `answered` resolves when the server
     * has answered one: its read of the event log is done, the client has not seen it.
     */
    holdPolling(): { answered: Promise<void>; release: () => void } {
      let answered!: () => void;
      let release!: () => void;
      const answeredOnce = new Promise<void>((resolve) => (answered = resolve));
      const hold = { answered, released: new Promise<void>((resolve) => (release = resolve)) };
      held = hold;
      return {
        answered: answeredOnce,
        release: () => {
          if (held === hold) held = null;
          release();
        },
      };
    },
    async stop(): Promise<void> {
      for (const socket of tunnels) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
