import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ConnectedPayload, ServerToClientEvents } from "../../../lib/realtime/protocol";
import type { Envelope } from "../../../lib/domain/events";
import type { ApiClient } from "./api";
import type { TestServer } from "./server";

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

type ConnectOptions = {
  token?: string;
  cookie?: string;
  transports?: ("websocket" | "polling")[];
};

/** A real socket.io-client socket to the test server; not yet connected unless awaited via `connectAs`. */
export function socketTo(server: TestServer, options: ConnectOptions = {}): TestSocket {
  return io(server.url, {
    path: "/socket.io",
    auth: options.token ? { token: options.token } : {},
    extraHeaders: options.cookie ? { cookie: options.cookie } : undefined,
    transports: options.transports ?? ["websocket"],
    reconnection: false,
    forceNew: true,
  });
}

/** The bearer token an ApiClient carries (tests sign users in through /api/token). */
export function tokenOf(client: ApiClient): string {
  return client.token!;
}

/** Connects as the client's user and resolves with the socket and its `connected` payload. */
export async function connectAs(client: ApiClient, options: Omit<ConnectOptions, "token"> = {}) {
  const socket = socketTo(client.server, { ...options, token: tokenOf(client) });
  const connected = await new Promise<ConnectedPayload>((resolve, reject) => {
    socket.once("connected", resolve);
    socket.once("connect_error", reject);
  });
  return { socket, connected };
}

/** Resolves with the first `event` that passes `match`; rejects after `timeoutMs`. */
export function waitFor<T = Envelope>(
  socket: TestSocket,
  event: string,
  match: (payload: T) => boolean = () => true,
  timeoutMs = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event as never, listener as never);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event as never, listener as never);
      resolve(payload);
    };
    socket.on(event as never, listener as never);
  });
}

/** Records every event a socket receives, in order, for asserting what arrived (and what did not). */
export function record(socket: TestSocket): { type: string; payload: Envelope }[] {
  const seen: { type: string; payload: Envelope }[] = [];
  socket.onAny((type: string, payload: Envelope) => seen.push({ type, payload }));
  return seen;
}
