import { z } from "zod";
import type { Role } from "../auth/identity";
import type { AuditEntry } from "../domain/audit";
import type { SentAnnouncement } from "../domain/broadcasts";
import type { PaymentEventAction, PayoutEventAction } from "../domain/notices";
import type { AnnouncementLevel, NotificationsReadData, NotificationView } from "../domain/notification-view";
import type { NotificationPreferences } from "../domain/preference-rules";
import type { RetentionReport } from "../domain/retention";
import type { BookingActivityAction, BookingEventAction } from "../domain/state-machines";
import type { BookingView, PaymentView, PayoutView } from "../domain/views";


/** What every server-to-client event carries: the contract's envelope. */
export type Envelope<T = unknown> = { eventId: number | null; type: string; ts: string; data: T };

/**
 * The socket protocol, one module for the server, the browser hook and the tests: every
 * event name, what it carries and what it answers. docs/realtime.md is its prose twin.
 */

// ── Client → server ──────────────────────────────────────────────────────────────────

const id = z.string().trim().min(1).max(64);

/** A count a client reports since its last report; bounded so one report cannot skew the stats. */
const reportedCount = z.number().int().min(0).max(10_000);

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
  /**
   * What only the browser knows; who reports is the socket's user, the report says only
   * what they did. Booking actions are recorded by the server as they happen.
   */
  "activity:report": z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("signed-in") }),
    z.strictObject({ kind: z.literal("signed-out") }),
    z.strictObject({ kind: z.literal("page-view"), path: z.string().regex(/^\/[^\s?#]*$/, "must be a path like /client").max(200) }),
  ]),
  /** Sent after each (re)connection: this connection's set-up time and what happened since the last report. */
  "metrics:report": z.strictObject({
    connectMs: z.number().min(0).max(600_000),
    reconnectAttempts: reportedCount,
    transportChanges: reportedCount,
    pollingRounds: reportedCount,
  }),
} as const;

export type ClientEventName = keyof typeof clientEventSchemas;
export type ClientEventPayload<E extends ClientEventName> = z.input<(typeof clientEventSchemas)[E]>;

/** Some codes carry more, e.g. CURSOR_EXPIRED's `cursor` (see docs/realtime.md). */
export type AckError = { ok: false; error: { code: string; message: string; [detail: string]: unknown } };
export type Ack<T extends object = object> = ({ ok: true } & T) | AckError;

/** What each client event's ack carries when it succeeds. */
export type ClientEventResults = {
  subscribe: { room: string };
  unsubscribe: { room: string };
  /** `hasMore`: the page was full; ask again from `cursor`. */
  sync: { events: Envelope[]; cursor: number; hasMore: boolean; epoch: string };
  "chat:send": { message: ChatMessage };
  "notification:read": { unread: number };
  "availability:get": { services: { id: string; available: number; capacity: number }[] };
  "booking:get": { booking: unknown };
  "stats:get": { stats: Stats };
  "activity:report": object;
  "metrics:report": object;
};

export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: ClientEventPayload<E>, ack: (answer: Ack<ClientEventResults[E]>) => void) => void;
};

// ── Server → client ──────────────────────────────────────────────────────────────────

export type ChatMessage = { id: string; bookingId: string; senderId: string; body: string; createdAt: string };

export type Percentiles = { p50: number; p95: number; p99: number };

/** What browsers report about their connections (`metrics:report`), over the last minute. */
export type ClientMetrics = {
  /** Reports received in the last minute; the figures below are over them. */
  reports: number;
  connectMs: Percentiles;
  reconnectsPerMinute: number;
  transportChangesPerMinute: number;
  pollingRoundsPerMinute: number;
  /** Clients on long-polling now (Socket.IO polling, or the HTTP polling route in the last 30 s). */
  pollingClients: number;
  /** Every client: this node's sockets plus those HTTP pollers. */
  totalClients: number;
  /** pollingClients as a share (0..1) of totalClients. */
  pollingShare: number;
};

/** One row of the admins' activity feed (`activity:new`, GET /api/admin/activity). */
export type ActivityView = {
  id: number;
  userId: string;
  userName: string;
  role: string;
  /** `booking-action`: recorded by the server; the others are the browser's reports. */
  kind: "signed-in" | "signed-out" | "page-view" | "booking-action";
  path: string | null;
  bookingId: string | null;
  action: BookingActivityAction | null;
  node: string;
  at: string;
};

export type Stats = {
  nodes: { id: string; connections: number; startedAt: string }[];
  connections: number;
  users: number;
  rooms: Record<string, number>;
  byRole: Record<string, number>;
  transports: { websocket: number; polling: number };
  eventsPerMinute: number;
  deliveryLatencyMs: Percentiles;
  uptimeS: number;
  clients: ClientMetrics;
  retention: RetentionReport;
};

/** `connected` carries its fields at the top level (as the contract names them) and, like every event, as an envelope. */
export type ConnectedPayload = Envelope<ConnectedData> & ConnectedData;
/** `epoch`: the event log's, which `cursor` belongs to (null while the database cannot be read). */
export type ConnectedData = { userId: string; role: string; node: string; cursor: number; epoch: string | null };

/** `announcement`: an admin's message, to everyone or to the roles named. */
export type AnnouncementData = { id: string; message: string; level: AnnouncementLevel; author: string; roles: Role[] | null };

/**
 * Every event the server sends, by name, with what its envelope's `data` carries: the one
 * map the outbox, the realtime server, the browser hook and the tests share, so a renamed
 * field fails to compile everywhere (lib/realtime/protocol.type-test.ts proves it).
 * Internal services' own triggers (POST /api/realtime/trigger) name events of their own.
 */
export type ServerEvents = {
  "booking:updated": { action: BookingEventAction; booking: BookingView };
  "payment:updated": { action: PaymentEventAction; payment: PaymentView; booking: BookingView };
  "payout:updated": { action: PayoutEventAction; payout: PayoutView };
  "notification:new": { notification: NotificationView };
  "notification:toast": { notification: NotificationView };
  "notifications:read": NotificationsReadData;
  "preferences:updated": { preferences: NotificationPreferences };
  "watch:updated": { serviceId: string; watching: boolean };
  announcement: AnnouncementData;
  /** To admins, whoever the announcement was for: their list of what has been sent. */
  "announcement:sent": { announcement: SentAnnouncement };
  "audit:new": { entry: AuditEntry };
  "chat:message": { message: ChatMessage };
  "availability:updated": { serviceId: string; available: number; capacity: number };
  "presence:updated": { userId: string; online: boolean };
  "stats:updated": Stats;
  "activity:new": { activity: ActivityView };
  "sync:required": { since: number; reason: string; node: string };
};

export type ServerEventName = keyof ServerEvents;

/** A volatile event's envelope: no id, stamped now unless told when. */
export function volatileEnvelope<E extends ServerEventName>(type: E, data: ServerEvents[E], ts = new Date().toISOString()): Envelope<ServerEvents[E]> {
  return { eventId: null, type, ts, data };
}

export type ServerToClientEvents = {
  connected: (payload: ConnectedPayload) => void;
} & { [E in ServerEventName]: (envelope: Envelope<ServerEvents[E]>) => void } & Record<string, (envelope: Envelope) => void>;

/** Socket.IO's own event names and the server's own signals, which nobody may trigger. */
export const RESERVED_EVENTS = new Set(["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener", "error", "connected", "sync:required"]);
