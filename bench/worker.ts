/**
 * A load-generator process forked by bench/run.ts. It holds its share of the client
 * sockets, sends its share of the load (triggers, booking actions, chat messages), and answers each command from the
 * orchestrator with one IPC reply saying what its sockets received and how late.
 */
import { Agent, request } from "node:http";
import type { Socket } from "socket.io-client";
import { openSocket, type BenchClient } from "./clients";
import { forEachLimited, sleep } from "./concurrency";
import type { ServerEvents } from "../lib/realtime/protocol";
import { now } from "./stats";

/** The events the bench times; each carries its send time, or names what the sender timed (see `SENT_AT`). */
export const TIMED_EVENTS = ["announcement", "bench:volatile", "bench:targeted", "notification:new", "booking:updated", "chat:message"] as const;
export type TimedEvent = (typeof TIMED_EVENTS)[number];

/** The title of the bench's inbox notifications: the app's own (a booking's, a chat's) are not timed. */
export const INBOX_TITLE = "bench";

/** A pending booking whose provider accepts it (or writes in its chat) in a load stage; its client's socket is this worker's. */
export type BookingRef = { bookingId: string; providerToken: string };

/**
 * What a load stage sends, each request timed to one event at the receiving socket:
 * - `targeted`: a durable trigger to one user, no notification (`bench:targeted`);
 * - `inbox`: the same with a `notification`, so an inbox row is written (`notification:new`);
 * - `accept`: a provider's `POST /api/bookings/:id/accept` (`booking:updated` at the client), each booking once;
 * - `chat`: a provider's `POST /api/bookings/:id/messages` (`chat:message` at the client).
 */
export type LoadPath = { kind: "targeted" } | { kind: "inbox" } | { kind: "accept"; bookings: BookingRef[] } | { kind: "chat"; bookings: BookingRef[] };
export const EVENT_OF_PATH = { targeted: "bench:targeted", inbox: "notification:new", accept: "booking:updated", chat: "chat:message" } as const satisfies Record<LoadPath["kind"], TimedEvent>;

export type ConnectCommand = { type: "connect"; url: string; clients: BenchClient[]; concurrency: number };
/** Waits until this worker's sockets have received `count` of `event` (or the timeout), then hands those receipts over. */
export type ExpectCommand = { type: "expect"; event: TimedEvent; count: number; timeoutMs: number };
/**
 * Open-loop load: `ratePerSecond` requests of `path` for `durationMs`; triggers go to this
 * worker's own users. With several `urls` (the nodes of a cluster) each user's triggers go to them in turn.
 */
export type LoadCommand = {
  type: "load";
  path: LoadPath;
  urls: string[];
  /** The triggers' caller (the internal secret); booking requests go as their provider. */
  authorization: string;
  ratePerSecond: number;
  durationMs: number;
  maxInFlight: number;
  graceMs: number;
};
export type WorkerCommand = ConnectCommand | ExpectCommand | LoadCommand | { type: "close" };

/** `userIds`: the sockets this command opened, by user, so the orchestrator knows whose events land in which worker. */
export type ConnectReport = { opened: number; failed: number; firstError: string | null; userIds: string[] };
/**
 * Latencies in ms from send to receipt, when the last one arrived (epoch ms), and how many
 * arrived after a durable event with a higher id on the same socket: a client catching up
 * from its newest id would have skipped them.
 */
export type Receipts = { latencies: number[]; lastAt: number; outOfOrder: number };
/** `skipped`: requests the schedule owed while `maxInFlight` were still unanswered (the server fell behind). */
export type LoadReport = { sent: number; accepted: number; errors: number; skipped: number; latencies: number[]; outOfOrder: number };
export type WorkerReplies = { connect: ConnectReport; expect: Receipts; load: LoadReport; close: { closed: true } };

const sockets: { userId: string; socket: Socket }[] = [];
const noReceipts = (): Receipts => ({ latencies: [], lastAt: 0, outOfOrder: 0 });
const receipts = new Map<TimedEvent, Receipts>(TIMED_EVENTS.map((event) => [event, noReceipts()]));
/** When this worker sent each booking's accept; `booking:updated` carries no time of ours. */
const acceptsSent = new Map<string, number>();

type TimedData = { [E in TimedEvent]: E extends keyof ServerEvents ? ServerEvents[E] : { sentAt: number } };
/** Each event's send time, or NaN for one the bench did not time (the app's own notifications, a booking's other actions). */
const SENT_AT: { [E in TimedEvent]: (data: TimedData[E]) => number } = {
  // An announcement's data has the server's own shape: the bench writes the send time as its message.
  announcement: (data) => Number(data.message),
  "bench:volatile": (data) => Number(data.sentAt),
  "bench:targeted": (data) => Number(data.sentAt),
  "notification:new": ({ notification }) => (notification.title === INBOX_TITLE ? Number(notification.body) : Number.NaN),
  "chat:message": ({ message }) => Number(message.body),
  "booking:updated": ({ action, booking }) => {
    const sentAt = action === "accepted" ? acceptsSent.get(booking.id) : undefined;
    acceptsSent.delete(booking.id);
    return sentAt ?? Number.NaN;
  },
};

/** One receipt on a socket whose newest durable event id so far is `socket.newest`. */
function record<E extends TimedEvent>(event: E, envelope: { eventId: number | null; data: TimedData[E] }, socket: { newest: number }): void {
  const at = now();
  const sentAt = SENT_AT[event](envelope.data);
  if (Number.isNaN(sentAt)) return;
  const seen = receipts.get(event)!;
  seen.latencies.push(at - sentAt);
  seen.lastAt = Math.max(seen.lastAt, at);
  if (envelope.eventId === null) return;
  if (envelope.eventId < socket.newest) seen.outOfOrder++;
  socket.newest = Math.max(socket.newest, envelope.eventId);
}

function take(event: TimedEvent): Receipts {
  const seen = receipts.get(event)!;
  receipts.set(event, noReceipts());
  return seen;
}

async function waitForReceipts(event: TimedEvent, count: number, timeoutMs: number): Promise<void> {
  const deadline = now() + timeoutMs;
  while (receipts.get(event)!.latencies.length < count && now() < deadline) await sleep(5);
}

async function connect({ url, clients, concurrency }: ConnectCommand): Promise<ConnectReport> {
  let failed = 0;
  let firstError: string | null = null;
  const userIds: string[] = [];
  await forEachLimited(clients.length, concurrency, async (i) => {
    try {
      const newest = { newest: 0 };
      const { socket } = await openSocket(url, clients[i], (s) => {
        for (const event of TIMED_EVENTS) s.on(event, (envelope) => record(event, envelope, newest));
      });
      sockets.push({ userId: clients[i].userId, socket });
      userIds.push(clients[i].userId);
    } catch (error) {
      failed++;
      firstError ??= (error as Error).message;
    }
  });
  return { opened: clients.length - failed, failed, firstError, userIds };
}

/**
 * The targeted load goes out through node:http on kept-alive connections, not fetch: on
 * this machine fetch costs the generator about ten times the CPU per request (0.3-0.5 ms
 * against 0.04 ms), and the generator shares the cores with the server it measures.
 */
const keepAlive = new Agent({ keepAlive: true });
const REQUEST_TIMEOUT_MS = 10_000;

type Request = { url: string; authorization: string; body: string; accepted: number };

/** The k-th request of a stage of `command`, stamped with its send time now. */
function requestFor(command: LoadCommand, k: number): Request {
  const sentAt = now();
  const { path } = command;
  if (path.kind === "targeted" || path.kind === "inbox") {
    const { userId } = sockets[k % sockets.length];
    // One round over the users per node, so every user hears from each node in turn.
    const url = command.urls[Math.floor(k / sockets.length) % command.urls.length];
    const notification = path.kind === "inbox" ? { notification: { title: INBOX_TITLE, body: String(sentAt) } } : {};
    const body = { event: `bench:${path.kind}`, data: { sentAt }, to: { users: [userId] }, ...notification };
    return { url: `${url}/api/realtime/trigger`, authorization: command.authorization, body: JSON.stringify(body), accepted: 202 };
  }
  const { bookingId, providerToken } = path.bookings[k % path.bookings.length];
  const booking = `${command.urls[0]}/api/bookings/${bookingId}`;
  if (path.kind === "accept") {
    acceptsSent.set(bookingId, sentAt);
    return { url: `${booking}/accept`, authorization: `Bearer ${providerToken}`, body: "", accepted: 200 };
  }
  return { url: `${booking}/messages`, authorization: `Bearer ${providerToken}`, body: JSON.stringify({ body: String(sentAt) }), accepted: 201 };
}

function send({ url, authorization, body, accepted }: Request): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: "POST",
        agent: keepAlive,
        headers: { authorization, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        res.resume(); // reads the answer to its end, which frees the connection for the next request
        res.on("end", () => resolve(res.statusCode === accepted));
        res.on("error", () => resolve(false));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", () => resolve(false));
    req.end(body);
  });
}

async function load(command: LoadCommand): Promise<LoadReport> {
  const report = { sent: 0, accepted: 0, errors: 0, skipped: 0 };
  let inFlight = 0;
  const start = now();
  // Open loop: requests go out on schedule whether or not earlier ones were answered. The
  // last pass settles what the whole stage owes, so a stage sends rate × duration in all.
  for (;;) {
    const elapsed = Math.min(now() - start, command.durationMs);
    const owed = Math.floor((elapsed / 1000) * command.ratePerSecond);
    for (; report.sent + report.skipped < owed; ) {
      if (inFlight >= command.maxInFlight) {
        report.skipped++;
        continue;
      }
      const k = report.sent++;
      inFlight++;
      void send(requestFor(command, k)).then((ok) => {
        inFlight--;
        if (ok) report.accepted++;
        else report.errors++;
      });
    }
    if (elapsed === command.durationMs) break;
    await sleep(2);
  }
  while (inFlight > 0) await sleep(5); // bounded by each request's own 10 s timeout
  const event = EVENT_OF_PATH[command.path.kind];
  await waitForReceipts(event, report.accepted, command.graceMs);
  const { latencies, outOfOrder } = take(event);
  return { ...report, latencies, outOfOrder };
}

async function handle(command: WorkerCommand): Promise<WorkerReplies[WorkerCommand["type"]]> {
  switch (command.type) {
    case "connect":
      return connect(command);
    case "expect":
      await waitForReceipts(command.event, command.count, command.timeoutMs);
      return take(command.event);
    case "load":
      return load(command);
    case "close":
      for (const { socket } of sockets) socket.disconnect();
      return { closed: true };
  }
}

process.on("message", (command: WorkerCommand) => {
  void handle(command).then((reply) =>
    process.send!(reply, () => {
      if (command.type === "close") process.exit(0);
    }),
  );
});
// Never outlive the orchestrator.
process.on("disconnect", () => process.exit(0));
