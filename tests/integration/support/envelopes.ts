import { expect } from "vitest";
import type { Envelope } from "../../../lib/realtime/protocol";
import type { ApiClient } from "./api";
import { ask, type TestSocket } from "./sockets";

/** An envelope's `ts`: ISO 8601 in UTC. */
export const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Event payloads, checked field by field. */
export type Data = Record<string, any>;
export const dataOf = (entry: { payload: Envelope }) => entry.payload.data as Data;

/** How many sockets the server holds for a user, by their own connection-status. */
export async function socketsOf(user: ApiClient): Promise<number> {
  return (await user.get("/api/realtime/connection-status")).body.sockets;
}

export const subscribe = async (socket: TestSocket, room: string) => expect(await ask(socket, "subscribe", { room })).toEqual({ ok: true, room });
