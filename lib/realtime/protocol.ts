import { z } from "zod";
import type { Envelope } from "../domain/events";

/**
 * The socket protocol, one module for the server, the browser hook and the tests: every
 * event name, what it carries and what it answers. docs/realtime.md is its prose twin.
 */

// ── Client → server ──────────────────────────────────────────────────────────────────

const id = z.string().trim().min(1).max(64);

export const clientEventSchemas = {
  subscribe: z.strictObject({ room: z.string().min(1).max(128) }),
  unsubscribe: z.strictObject({ room: z.string().min(1).max(128) }),
  sync: z.strictObject({ since: z.number().int().min(0), limit: z.number().int().min(1).max(1000).optional() }),
  "chat:send": z.strictObject({ bookingId: id, body: z.string().trim().min(1).max(2000) }),
  "notification:read": z.union([
    z.strictObject({ ids: z.array(id).min(1).max(500) }),
    z.strictObject({ all: z.literal(true) }),
  ]),
  "availability:get": z.strictObject({ serviceId: id.optional() }),
  "booking:get": z.strictObject({ bookingId: id }),
  "stats:get": z.strictObject({}),
} as const;

export type ClientEventName = keyof typeof clientEventSchemas;
export type ClientEventPayload<E extends ClientEventName> = z.input<(typeof clientEventSchemas)[E]>;

export type AckError = { ok: false; error: { code: string; message: string } };
export type Ack<T extends object = object> = ({ ok: true } & T) | AckError;

/** What each client event's ack carries when it succeeds. */
export type ClientEventResults = {
  subscribe: { room: string };
  unsubscribe: { room: string };
  /** `hasMore`: the page was full; ask again from `cursor`. */
  sync: { events: Envelope[]; cursor: number; hasMore: boolean };
  "chat:send": { message: ChatMessage };
  "notification:read": { unread: number };
  "availability:get": { services: { id: string; available: number; capacity: number }[] };
  "booking:get": { booking: unknown };
  "stats:get": { stats: Stats };
};

export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: ClientEventPayload<E>, ack: (answer: Ack<ClientEventResults[E]>) => void) => void;
};

// ── Server → client ──────────────────────────────────────────────────────────────────

export type ChatMessage = { id: string; bookingId: string; senderId: string; body: string; createdAt: string };

export type Stats = {
  nodes: { id: string; connections: number; startedAt: string }[];
  connections: number;
  users: number;
  rooms: Record<string, number>;
  byRole: Record<string, number>;
  transports: { websocket: number; polling: number };
  eventsPerMinute: number;
  deliveryLatencyMs: { p50: number; p95: number; p99: number };
  uptimeS: number;
};

/** `connected` carries its fields at the top level (as the contract names them) and, like every event, as an envelope. */
export type ConnectedPayload = Envelope<ConnectedData> & ConnectedData;
export type ConnectedData = { userId: string; role: string; node: string; cursor: number };

export type ServerEventName =
  | "booking:updated"
  | "payment:updated"
  | "payout:updated"
  | "notification:new"
  | "notifications:read"
  | "announcement"
  | "chat:message"
  | "availability:updated"
  | "presence:updated"
  | "stats:updated"
  | "sync:required";

export type ServerToClientEvents = {
  connected: (payload: ConnectedPayload) => void;
} & Record<ServerEventName, (envelope: Envelope) => void> & Record<string, (envelope: Envelope) => void>;

/** Socket.IO's own event names and the server's own signals, which nobody may trigger. */
export const RESERVED_EVENTS = new Set(["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener", "error", "connected", "sync:required"]);
