/**
 * The measurements every server goes through, driven by the worker processes: connecting
 * clients, an announcement to all of them, volatile broadcasts, and open-loop load
 * (targeted triggers, with or without an inbox notification) at a rising rate.
 */
import type { BenchClient } from "./clients";
import { forEachLimited } from "./concurrency";
import { median, now, perSecond, roundMs, summarize, type LatencySummary } from "./stats";
import { post, serverCpuMs, serverMemory, type Target } from "./targets";
import type { LoadPath, Receipts } from "./worker";
import { WorkerPool } from "./worker-pool";

/** The sockets each worker holds open, by worker: how many, and whose. */
export type Fleet = { pool: WorkerPool; open: number[]; held: string[][] };

export function startFleet(workers: number): Fleet {
  return { pool: WorkerPool.start(workers), open: new Array<number>(workers).fill(0), held: Array.from({ length: workers }, () => []) };
}

export type ConnectResult = {
  connections: number;
  added: number;
  failed: number;
  firstError: string | null;
  connectsPerSecond: number;
  /** Server CPU time per connection opened (handshake, auth, joins), ms. */
  cpuMsPerConnect: number;
  /** Server heap and RSS above the idle server's, per connection held. */
  heapBytesPerConnection: number;
  rssBytesPerConnection: number;
};
export type DeliveryResult = {
  sends: number;
  expected: number;
  delivered: number;
  /** Median over sends of the time until the last client had it. */
  lastMs: number;
  deliveriesPerSecond: number;
  /** Server CPU time per delivery (the sends' HTTP requests included), µs. */
  cpuUsPerDelivery: number;
  latency: LatencySummary;
};
export type StageResult = {
  offeredRate: number;
  sent: number;
  accepted: number;
  errors: number;
  skipped: number;
  received: number;
  /** Events a socket received after one with a higher id (bench/worker.ts `Receipts`). */
  outOfOrder: number;
  achievedRate: number;
  /** Server CPU time per accepted request (request, write, emit), ms; on several nodes, all of theirs. */
  cpuMsPerRequest: number;
  latency: LatencySummary;
};
export type RampResult = { stages: StageResult[]; stoppedBecause: string };

const EXPECT_TIMEOUT_MS = 30_000;
/** What a load worker lets wait unanswered before it counts further sends as skipped. */
const MAX_IN_FLIGHT_PER_WORKER = 256;
const RAMP_P99_LIMIT_MS = 100;

const total = (counts: number[]) => counts.reduce((sum, n) => sum + n, 0);

/** Connects `clients` more (dealt round-robin over the workers) and measures the rate and the server's memory per connection. */
export async function connectClients(
  target: Target,
  fleet: Fleet,
  clients: BenchClient[],
  concurrency: number,
  idle: { heapBytes: number; rssBytes: number },
): Promise<ConnectResult> {
  const cpuBefore = await serverCpuMs(target);
  const started = now();
  const reports = await fleet.pool.all((i) => ({ type: "connect", url: target.url, clients: fleet.pool.portion(clients, i), concurrency }));
  const elapsed = now() - started;
  const cpuMs = (await serverCpuMs(target)) - cpuBefore;
  reports.forEach((report, i) => {
    fleet.open[i] += report.opened;
    fleet.held[i].push(...report.userIds);
  });
  const connections = total(fleet.open);
  const memory = await serverMemory(target);
  return {
    connections,
    added: total(reports.map((r) => r.opened)),
    failed: total(reports.map((r) => r.failed)),
    firstError: reports.find((r) => r.firstError)?.firstError ?? null,
    connectsPerSecond: perSecond(total(reports.map((r) => r.opened)), elapsed),
    cpuMsPerConnect: roundMs(cpuMs / Math.max(1, total(reports.map((r) => r.opened)))),
    heapBytesPerConnection: Math.round((memory.heapBytes - idle.heapBytes) / connections),
    rssBytesPerConnection: Math.round((memory.rssBytes - idle.rssBytes) / connections),
  };
}

/** `rounds` announcements to everyone, one at a time, as the admin: POST /api/realtime/announcement. */
export async function announcementFanout(target: Target, fleet: Fleet, rounds: number): Promise<DeliveryResult> {
  const sends: { sentAt: number; receipts: Receipts[] }[] = [];
  const cpuBefore = await serverCpuMs(target);
  for (let round = 0; round < rounds; round++) {
    const arrivals = expectEach(fleet, "announcement", 1);
    const sentAt = now();
    await post(target, "/api/realtime/announcement", target.adminAuth, { message: String(sentAt), level: "info" }, 201);
    sends.push({ sentAt, receipts: await arrivals });
  }
  return deliveries(fleet, sends, (await serverCpuMs(target)) - cpuBefore);
}

/** `count` volatile broadcasts to every client (POST /api/realtime/trigger, durable false), four at a time. */
export async function volatileBroadcasts(target: Target, fleet: Fleet, count: number): Promise<DeliveryResult> {
  const arrivals = expectEach(fleet, "bench:volatile", count);
  const cpuBefore = await serverCpuMs(target);
  const sentAt = now();
  await forEachLimited(count, 4, async () => {
    const body = { event: "bench:volatile", data: { sentAt: now() }, to: { roles: ["CLIENT"] }, durable: false };
    await post(target, "/api/realtime/trigger", target.internalAuth, body, 202);
  });
  const receipts = await arrivals;
  return deliveries(fleet, [{ sentAt, receipts }], (await serverCpuMs(target)) - cpuBefore, count);
}

/**
 * Durable notifications to one user each (POST /api/realtime/trigger; `inbox`: with a
 * notification), sent open-loop by the workers at each rate in turn, until p99 from request
 * to receipt passes 100 ms or more than 1% of them fail, are skipped or never arrive.
 */
export async function ramp(target: Target, fleet: Fleet, rates: number[], stageMs: number, kind: "targeted" | "inbox"): Promise<RampResult> {
  const stages: StageResult[] = [];
  for (const rate of rates) {
    const stage = await loadStage([target], fleet, rate, stageMs, () => ({ kind }));
    stages.push(stage);
    const failed = stage.errors + stage.skipped + (stage.accepted - stage.received);
    if (stage.latency.p99 > RAMP_P99_LIMIT_MS) return { stages, stoppedBecause: `p99 ${stage.latency.p99} ms > ${RAMP_P99_LIMIT_MS} ms at ${rate}/s` };
    if (failed > 0.01 * (stage.sent + stage.skipped)) return { stages, stoppedBecause: `${failed} of ${stage.sent + stage.skipped} failed, skipped or lost at ${rate}/s` };
  }
  return { stages, stoppedBecause: "the last rate of the plan" };
}

/**
 * One stage of requests at `rate` (worker i sends `pathOf(i)`, its share), open-loop for
 * `stageMs`; with several targets (nodes of one cluster) each user's triggers go to them in
 * turn. `cpuMs` is each target's CPU time over the stage.
 */
export async function loadStage(targets: Target[], fleet: Fleet, rate: number, stageMs: number, pathOf: (worker: number) => LoadPath): Promise<StageResult & { cpuMs: number[] }> {
  const cpuBefore = await Promise.all(targets.map(serverCpuMs));
  const reports = await fleet.pool.all((i) => ({
    type: "load",
    path: pathOf(i),
    urls: targets.map((t) => t.url),
    authorization: targets[0].internalAuth,
    ratePerSecond: rate / fleet.pool.size,
    durationMs: stageMs,
    maxInFlight: MAX_IN_FLIGHT_PER_WORKER,
    graceMs: 5000,
  }));
  const cpuMs = (await Promise.all(targets.map(serverCpuMs))).map((ms, i) => ms - cpuBefore[i]);
  const latencies = reports.flatMap((r) => r.latencies);
  const accepted = total(reports.map((r) => r.accepted));
  return {
    offeredRate: rate,
    sent: total(reports.map((r) => r.sent)),
    accepted,
    errors: total(reports.map((r) => r.errors)),
    skipped: total(reports.map((r) => r.skipped)),
    received: latencies.length,
    outOfOrder: total(reports.map((r) => r.outOfOrder)),
    achievedRate: perSecond(latencies.length, stageMs),
    cpuMsPerRequest: roundMs(total(cpuMs) / Math.max(1, accepted)),
    latency: summarize(latencies),
    cpuMs: cpuMs.map(roundMs),
  };
}

/** Asks every worker for `perSocket` receipts of `event` on each socket it holds. */
function expectEach(fleet: Fleet, event: "announcement" | "bench:volatile", perSocket: number): Promise<Receipts[]> {
  return fleet.pool.all((i) => ({ type: "expect", event, count: fleet.open[i] * perSocket, timeoutMs: EXPECT_TIMEOUT_MS }));
}

/** What arrived of timed sends, and the server CPU they took; each entry of `sends` may stand for a burst of `perEntry` sends. */
function deliveries(fleet: Fleet, sends: { sentAt: number; receipts: Receipts[] }[], cpuMs: number, perEntry = 1): DeliveryResult {
  const latencies = sends.flatMap((s) => s.receipts.flatMap((r) => r.latencies));
  const spans = sends.map((s) => {
    const lastAt = Math.max(0, ...s.receipts.map((r) => r.lastAt));
    return lastAt ? lastAt - s.sentAt : Number.NaN;
  });
  return {
    sends: sends.length * perEntry,
    expected: total(fleet.open) * sends.length * perEntry,
    delivered: latencies.length,
    lastMs: roundMs(median(spans)),
    deliveriesPerSecond: perSecond(latencies.length, spans.reduce((sum, ms) => sum + ms, 0)),
    cpuUsPerDelivery: roundMs((cpuMs * 1000) / Math.max(1, latencies.length)),
    latency: summarize(latencies),
  };
}
