/**
 * A load-generator process forked by bench/run.ts. It holds its share of the client
 * sockets, sends its share of the targeted load, and answers each command from the
 * orchestrator with one IPC reply saying what its sockets received and how late.
 */
import { Agent, request } from "node:http";
import type { Socket } from "socket.io-client";
import { openSocket, type BenchClient } from "./clients";
import { forEachLimited, sleep } from "./concurrency";
import { now } from "./stats";

/** The events the bench times; each carries its send time (see `sentAtOf`). */
export const TIMED_EVENTS = ["announcement", "bench:volatile", "bench:targeted"] as const;
export type TimedEvent = (typeof TIMED_EVENTS)[number];

export type ConnectCommand = { type: "connect"; url: string; clients: BenchClient[]; concurrency: number };
/** Waits until this worker's sockets have received `count` of `event` (or the timeout), then hands those receipts over. */
export type ExpectCommand = { type: "expect"; event: TimedEvent; count: number; timeoutMs: number };
/**
 * Open-loop targeted load: `ratePerSecond` durable triggers to this worker's own users for
 * `durationMs`. With several `urls` (the nodes of a cluster) each user's triggers go to them in turn.
 */
export type LoadCommand = {
  type: "load";
  urls: string[];
  authorization: string;
  ratePerSecond: number;
  durationMs: number;
  maxInFlight: number;
  graceMs: number;
};
export type WorkerCommand = ConnectCommand | ExpectCommand | LoadCommand | { type: "close" };

export type ConnectReport = { opened: number; failed: number; firstError: string | null };
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

function sentAtOf(event: TimedEvent, data: { message?: string; sentAt?: number }): number {
  // An announcement's data has the server's own shape: the bench writes the send time as its message.
  return event === "announcement" ? Number(data.message) : Number(data.sentAt);
}

/** One receipt on a socket whose newest durable event id so far is `socket.newest`. */
function record(event: TimedEvent, envelope: { eventId: number | null; data: { message?: string; sentAt?: number } }, socket: { newest: number }): void {
  const at = now();
  const seen = receipts.get(event)!;
  seen.latencies.push(at - sentAtOf(event, envelope.data));
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
  await forEachLimited(clients.length, concurrency, async (i) => {
    try {
      const newest = { newest: 0 };
      const { socket } = await openSocket(url, clients[i], (s) => {
        for (const event of TIMED_EVENTS) s.on(event, (envelope) => record(event, envelope, newest));
      });
      sockets.push({ userId: clients[i].userId, socket });
    } catch (error) {
      failed++;
      firstError ??= (error as Error).message;
    }
  });
  return { opened: clients.length - failed, failed, firstError };
}

/**
 * The targeted load goes out through node:http on kept-alive connections, not fetch: on
 * this machine fetch costs the generator about ten times the CPU per request (0.3-0.5 ms
 * against 0.04 ms), and the generator shares the cores with the server it measures.
 */
const keepAlive = new Agent({ keepAlive: true });
const TRIGGER_TIMEOUT_MS = 10_000;

function trigger(command: LoadCommand, url: string, userId: string): Promise<boolean> {
  const body = JSON.stringify({ event: "bench:targeted", data: { sentAt: now() }, to: { users: [userId] } });
  return new Promise((resolve) => {
    const req = request(
      `${url}/api/realtime/trigger`,
      {
        method: "POST",
        agent: keepAlive,
        headers: { authorization: command.authorization, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        timeout: TRIGGER_TIMEOUT_MS,
      },
      (res) => {
        res.resume(); // reads the answer to its end, which frees the connection for the next request
        res.on("end", () => resolve(res.statusCode === 202));
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
      const { userId } = sockets[k % sockets.length];
      // One round over the users per node, so every user hears from each node in turn.
      const url = command.urls[Math.floor(k / sockets.length) % command.urls.length];
      inFlight++;
      void trigger(command, url, userId).then((ok) => {
        inFlight--;
        if (ok) report.accepted++;
        else report.errors++;
      });
    }
    if (elapsed === command.durationMs) break;
    await sleep(2);
  }
  while (inFlight > 0) await sleep(5); // bounded by each request's own 10 s timeout
  await waitForReceipts("bench:targeted", report.accepted, command.graceMs);
  const { latencies, outOfOrder } = take("bench:targeted");
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
