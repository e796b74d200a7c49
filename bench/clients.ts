import { io, type Socket } from "socket.io-client";

/** A bench account as the load generators know it: its user id and a bearer token. */
export type BenchClient = { userId: string; token: string };
/** A bench provider, who acts over HTTP only (no socket), and the one service it offers. */
export type BenchProvider = BenchClient & { serviceId: string };

const CONNECT_TIMEOUT_MS = 30_000;

/**
 * One WebSocket to `url` as `client`, resolved with the server's `connected` payload.
 * `listen` attaches event listeners before the handshake, so nothing sent right after it
 * is missed.
 */
export function openSocket(
  url: string,
  client: BenchClient,
  listen: (socket: Socket) => void = () => undefined,
): Promise<{ socket: Socket; cursor: number }> {
  const socket = io(url, { auth: { token: client.token }, transports: ["websocket"], reconnection: false, forceNew: true, timeout: CONNECT_TIMEOUT_MS });
  listen(socket);
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error(`no connected event within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
    socket.once("connected", (payload: { cursor?: number }) => {
      clearTimeout(timer);
      resolve({ socket, cursor: payload.cursor ?? 0 });
    });
    socket.once("connect_error", fail);
  });
}
