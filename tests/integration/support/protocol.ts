import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { Envelope } from "../../../lib/realtime/protocol";
import type { ApiClient, DemoUsers } from "./api";
import type { TestServer } from "./server";
import { connectAs, record, triggerAsService, waitFor, type Recorded, type TestSocket } from "./sockets";

/** What the protocol tests (realtime-protocol, realtime-client-events) share. */

/** REALTIME_MAX_PAYLOAD_BYTES at its default, which every server here keeps. */
export const MAX_PAYLOAD_BYTES = 16_384;
export const ROLES = ["CLIENT", "PROVIDER", "ADMIN", "STAFF"];
export const EVERYONE = ["client", "client2", "provider", "provider2", "admin", "staff"] as const;
export type Who = (typeof EVERYONE)[number];
export const ISO_TIME = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
/** Stands for "emit the event with its ack callback and nothing else". */
export const NO_PAYLOAD = Symbol("no payload");

export type Watched = { socket: TestSocket; seen: Recorded; userId: string };

/** Sockets opened by a test (or a describe), closed together when it ends. */
export function socketJar() {
  const open: TestSocket[] = [];
  return {
    add(socket: TestSocket) {
      open.push(socket);
      return socket;
    },
    async watch(client: ApiClient): Promise<Watched> {
      const { socket, connected } = await connectAs(client);
      open.push(socket);
      return { socket, seen: record(socket), userId: connected.userId };
    },
    closeAll() {
      for (const socket of open.splice(0)) socket.close();
    },
  };
}

export async function watchEveryone(jar: ReturnType<typeof socketJar>, users: DemoUsers) {
  const entries = await Promise.all(EVERYONE.map(async (who) => [who, await jar.watch(users[who])] as const));
  return Object.fromEntries(entries) as Record<Who, Watched>;
}

export const tagged = (tag: string) => (payload: Envelope) => (payload.data as { tag?: string } | null)?.tag === tag;
export const tagsIn = (seen: Recorded, type: string) => seen.filter((e) => e.type === type).map((e) => (e.payload.data as { tag?: string }).tag);

export function expectRefusal(ack: unknown, code: string, label?: string) {
  expect(ack, label).toEqual({ ok: false, error: { code, message: expect.any(String) } });
}

export function expectEnvelope(envelope: Envelope, durable = true) {
  expect(Object.keys(envelope).sort()).toEqual(["data", "eventId", "ts", "type"]);
  expect(envelope.ts).toEqual(ISO_TIME);
  if (durable) expect(Number.isInteger(envelope.eventId) && envelope.eventId! > 0, `eventId ${envelope.eventId}`).toBe(true);
}

/** The socket is still connected and still receives what is sent to its user. */
export async function expectAlive(server: TestServer, watched: Watched) {
  expect(watched.socket.connected).toBe(true);
  const tag = randomUUID();
  const arrived = waitFor(watched.socket, "test:alive", tagged(tag));
  await triggerAsService(server, { event: "test:alive", data: { tag }, to: { users: [watched.userId] }, durable: false });
  await arrived;
}
