import { RateLimiterMemory } from "rate-limiter-flexible";
import type { Socket } from "socket.io";
import { authorize } from "../auth/access-policy";
import type { Caller } from "../auth/identity";
import { isDatabaseUnavailable } from "../db/errors";
import { recordActivity } from "../domain/activity";
import { getBooking } from "../domain/bookings";
import { DomainError, forbidden, notFound } from "../domain/errors";
import { eventsSince, standingRooms } from "../domain/catch-up";
import { sendChatMessage } from "../domain/chat";
import { markNotificationsRead } from "../domain/notifications";
import { listServices } from "../domain/services";
import { logger } from "../logger";
import { mayJoinRoom } from "./access";
import {
  clientEventSchemas,
  type AckError,
  type ClientEventName,
  type ClientEventResults,
  type Stats,
} from "./protocol";
import type { Telemetry } from "./telemetry";

/**
 * The client-to-server events. Each is validated with its zod schema, rate limited per
 * socket, bounded in size and time, and always answered through its ack: `{ok:true, ...}`
 * or `{ok:false, error:{code, message}}`. Nothing a client sends can throw out of here, so
 * no handler can take the socket, its neighbours or the process down.
 */

/** `maxRoomsPerSocket`: every room costs server memory, so one socket cannot pile them up. */
export type HandlerLimits = { eventsPerSecond: number; maxPayloadBytes: number; timeoutMs: number; reportsPerMinute: number; maxRoomsPerSocket: number };

type Context = { socket: Socket; caller: Caller; telemetry: Telemetry; stats: () => Promise<Stats>; reports: RateLimiterMemory; limits: HandlerLimits };

type Handler<E extends ClientEventName> = (
  payload: ReturnType<(typeof clientEventSchemas)[E]["parse"]>,
  ctx: Context,
) => Promise<ClientEventResults[E]>;

const fail = (code: string, message: string, details?: Record<string, unknown>): AckError => ({
  ok: false,
  error: { ...details, code, message },
});

/** Rooms a socket was allowed into by `subscribe` (not the rooms the server keeps it in). */
export function subscribedRooms(socket: Socket): string[] {
  const standing = new Set(standingRooms(socket.data.caller as Caller));
  return [...socket.rooms].filter((room) => room !== socket.id && !room.startsWith("user:") && !room.startsWith("role:") && !standing.has(room));
}

/** Reports (activity, metrics) are for the record, not for flooding it: a budget per user, per event, a minute. */
async function withinReportBudget(event: ClientEventName, { caller, reports }: Context): Promise<void> {
  try {
    await reports.consume(`${event}:${caller.id}`);
  } catch {
    throw new DomainError("rate-limited", "RATE_LIMITED", `At most ${reports.points} ${event} a minute`);
  }
}

const handlers: { [E in ClientEventName]: Handler<E> } = {
  async subscribe({ room }, { socket, caller, limits }) {
    const { maxRoomsPerSocket } = limits;
    const assertRoomLeft = () => {
      if (!socket.rooms.has(room) && subscribedRooms(socket).length >= maxRoomsPerSocket) {
        throw new DomainError("rate-limited", "TOO_MANY_ROOMS", `At most ${maxRoomsPerSocket} rooms per connection; unsubscribe from some first`);
      }
    };
    assertRoomLeft(); // before the lookup, to spare it
    const decision = await mayJoinRoom(caller, room);
    if (!decision.ok) throw decision.error;
    assertRoomLeft(); // again: subscribes sent together all passed the first check during the lookup
    await socket.join(room);
    return { room };
  },
  async unsubscribe({ room }, { socket, caller }) {
    if (room.startsWith("user:") || room.startsWith("role:")) throw forbidden("The server manages this room");
    // A standing room is part of the caller's audience, which catch-up counts: the socket stays in it.
    if (!standingRooms(caller).includes(room)) await socket.leave(room);
    return { room };
  },
  async sync({ since, limit }, { socket, caller }) {
    return eventsSince(caller, since, { limit, extraRooms: subscribedRooms(socket) });
  },
  async "chat:send"({ bookingId, body }, { caller }) {
    return { message: await sendChatMessage(caller, bookingId, body) };
  },
  async "notification:read"(which, { caller }) {
    return markNotificationsRead(caller, which);
  },
  async "availability:get"({ serviceId }) {
    const services = (await listServices()).filter((s) => !serviceId || s.id === serviceId);
    if (serviceId && services.length === 0) throw notFound("Service");
    return { services: services.map(({ id, available, capacity }) => ({ id, available, capacity })) };
  },
  async "booking:get"({ bookingId }, { caller }) {
    return { booking: await getBooking(caller, bookingId) };
  },
  async "stats:get"(_payload, { caller, stats }) {
    authorize("realtime.stats", caller);
    return { stats: await stats() };
  },
  async "activity:report"(report, ctx) {
    await withinReportBudget("activity:report", ctx);
    recordActivity(ctx.caller, report);
    return {};
  },
  async "metrics:report"(report, ctx) {
    await withinReportBudget("metrics:report", ctx);
    ctx.telemetry.clientReport(report);
    return {};
  },
};

/**
 * An error as an ack: the domain's own codes (the socket's one mapping of domain errors),
 * except that input which does not fit is INVALID_PAYLOAD, as the schemas' refusals are.
 */
function toAck(error: unknown, event: string, socket: Socket): AckError {
  if (error instanceof DomainError) {
    if (error.code === "VALIDATION_ERROR") return fail("INVALID_PAYLOAD", error.message);
    return fail(error.code, error.message, error.details);
  }
  if (isDatabaseUnavailable(error)) return fail("DB_UNAVAILABLE", "The database is unavailable; try again shortly");
  logger().error({ err: error, code: "SOCKET_HANDLER_FAILED", event, socketId: socket.id });
  return fail("INTERNAL_ERROR", "Something went wrong on our side");
}

function describe(issues: { path: PropertyKey[]; message: string }[]): string {
  const issue = issues[0];
  return `${issue.path.length ? issue.path.map(String).join(".") : "payload"}: ${issue.message}`;
}

function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) => {
    setTimeout(() => reject(new DomainError("timeout", "TIMEOUT", `No answer within ${ms} ms`)), ms).unref();
  });
}

/**
 * The one listener every socket gets (`socket.onAny(listener)`), made once per server: it
 * reads who is asking from the socket it is called on, so a connection costs one listener
 * entry rather than a closure per event, and all sockets share one rate limiter keyed by
 * socket id. Reports (`activity:report`, `metrics:report`) have a budget per user across
 * all their sockets, so it does not grow with their tabs.
 */
export function clientEventListener(ctx: Omit<Context, "socket" | "caller" | "reports" | "limits">, limits: HandlerLimits) {
  const limiter = new RateLimiterMemory({ points: limits.eventsPerSecond, duration: 1 });
  const reports = new RateLimiterMemory({ points: limits.reportsPerMinute, duration: 60 });

  return async function onClientEvent(this: Socket, event: string, ...args: unknown[]): Promise<void> {
    const socket = this;
    // The ack is the last argument; a client that sends none gets no answer but no harm.
    const ack = typeof args[args.length - 1] === "function" ? (args.pop() as (answer: unknown) => void) : null;
    const reply = (answer: unknown) => {
      if (answer && (answer as AckError).ok === false) ctx.telemetry.error((answer as AckError).error.code);
      ack?.(answer);
    };
    // Object.hasOwn, not `in`: "constructor" or "toString" are unknown events too.
    if (!Object.hasOwn(handlers, event)) return reply(fail("UNKNOWN_EVENT", `No such event: ${String(event).slice(0, 64)}`));
    const name = event as ClientEventName;
    const payload = args[0];
    ctx.telemetry.clientEvent(name);
    try {
      await limiter.consume(socket.id);
    } catch {
      return reply(fail("RATE_LIMITED", `At most ${limits.eventsPerSecond} events a second`));
    }
    const size = Buffer.byteLength(JSON.stringify(payload ?? null) ?? "");
    if (size > limits.maxPayloadBytes) return reply(fail("PAYLOAD_TOO_LARGE", `Payload exceeds ${limits.maxPayloadBytes} bytes`));
    const parsed = clientEventSchemas[name].safeParse(payload);
    if (!parsed.success) return reply(fail("INVALID_PAYLOAD", describe(parsed.error.issues)));
    try {
      const run = handlers[name] as Handler<typeof name>;
      const context: Context = { ...ctx, socket, caller: socket.data.caller as Caller, reports, limits };
      const result = await Promise.race([run(parsed.data as never, context), timeout(limits.timeoutMs)]);
      reply({ ok: true, ...result });
    } catch (error) {
      reply(toAck(error, name, socket));
    }
  };
}
