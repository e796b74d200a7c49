/**
 * A run's results as files: the raw JSON, a markdown report (ratios to the baseline
 * first, then the issue's goals, then every figure) and an SVG chart of latency against
 * load. Everything but `writeReport` is pure.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import type { CatchUpResult, PollingResult } from "./durable";
import type { Plan, TwoNodePlan } from "./plan";
import type { ConnectResult, DeliveryResult, RampResult, StageResult } from "./scenarios";
import { ratio } from "./stats";

export type TargetResults = {
  levels: { connect: ConnectResult; fanout: DeliveryResult; volatile: DeliveryResult }[];
  targeted: RampResult;
  /** Only Switchboard has an event log: null for the baseline. */
  catchUp: CatchUpResult | null;
  polling: PollingResult | null;
};

export type Machine = { cores: number; cpu: string; memoryGiB: number; node: string; os: string; loadAverage: { start: number[]; end: number[] } };

export type BenchResults = {
  mode: Plan["mode"];
  /** The results' file name: the mode, or the mode and the levels when --levels chose them. */
  name: string;
  note: string;
  startedAt: string;
  durationS: number;
  machine: Machine;
  plan: Plan;
  baseline: TargetResults;
  switchboard: TargetResults;
};

/** The two-node stage's run (`--two-nodes`): whose server ran, and each rate's stage with each node's CPU time. */
export type TwoNodeResults = {
  name: string;
  note: string;
  startedAt: string;
  durationS: number;
  machine: Machine;
  plan: TwoNodePlan;
  /** The checkout whose server.ts the nodes ran (BENCH_APP_DIR), at `commit`; `dirty` when it had uncommitted changes. */
  app: { dir: string; commit: string; dirty: boolean };
  stages: (StageResult & { cpuMs: number[] })[];
};

/** This machine, with the load average at the run's start and now. */
export function machine(loadAtStart: number[]): Machine {
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    loadAverage: { start: loadAtStart, end: os.loadavg() },
  };
}

/** The issue's p99 goal for targeted notifications. */
const TARGETED_P99_GOAL_MS = 50;

/** Writes `<name>.json`, `<name>.md` and `<name>.svg` into `dir`; returns their paths. */
export function writeReport(results: BenchResults, dir: string): string[] {
  return writeFiles(dir, [
    [`${results.name}.json`, `${JSON.stringify(results, null, 2)}\n`],
    [`${results.name}.md`, markdownReport(results)],
    [`${results.name}.svg`, latencyChart(results)],
  ]);
}

/** Writes `<name>.json` and `<name>.md` of a two-node run into `dir`; returns their paths. */
export function writeTwoNodeReport(results: TwoNodeResults, dir: string): string[] {
  return writeFiles(dir, [
    [`${results.name}.json`, `${JSON.stringify(results, null, 2)}\n`],
    [`${results.name}.md`, twoNodeMarkdown(results)],
  ]);
}

function writeFiles(dir: string, files: [string, string][]): string[] {
  mkdirSync(dir, { recursive: true });
  return files.map(([name, text]) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  });
}

/** Numbers for people: grouped thousands, `digits` decimals, "—" for what was not measured. */
export function fmt(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

const kib = (bytes: number) => fmt(bytes / 1024, 1);
const top = (t: TargetResults) => t.levels[t.levels.length - 1];

/** The stage with the highest achieved rate whose p99 stayed within `limitMs` and lost nothing. */
export function bestStage(ramp: RampResult, limitMs: number): StageResult | undefined {
  const clean = ramp.stages.filter((s) => s.latency.p99 <= limitMs && s.errors + s.skipped === 0 && s.received === s.accepted);
  return clean.sort((a, b) => b.achievedRate - a.achievedRate)[0];
}

type Row = { measure: string; ours: number; baseline: number; digits?: number };

function headlineRows(r: BenchResults): Row[] {
  const [ours, base] = [top(r.switchboard), top(r.baseline)];
  const best = (t: TargetResults) => bestStage(t.targeted, TARGETED_P99_GOAL_MS)?.achievedRate ?? Number.NaN;
  const peak = (t: TargetResults) => Math.max(...t.targeted.stages.map((s) => s.achievedRate));
  const cpuPerTargeted = (t: TargetResults) => {
    const accepted = t.targeted.stages.reduce((sum, s) => sum + s.accepted, 0);
    return t.targeted.stages.reduce((sum, s) => sum + s.cpuMsPerRequest * s.accepted, 0) / accepted;
  };
  return [
    { measure: "server CPU per connection (ms)", ours: ours.connect.cpuMsPerConnect, baseline: base.connect.cpuMsPerConnect, digits: 2 },
    { measure: "server CPU per announcement delivery (µs)", ours: ours.fanout.cpuUsPerDelivery, baseline: base.fanout.cpuUsPerDelivery },
    { measure: "server CPU per volatile delivery (µs)", ours: ours.volatile.cpuUsPerDelivery, baseline: base.volatile.cpuUsPerDelivery },
    { measure: "server CPU per targeted notification (ms)", ours: cpuPerTargeted(r.switchboard), baseline: cpuPerTargeted(r.baseline), digits: 2 },
    { measure: "connections per second", ours: ours.connect.connectsPerSecond, baseline: base.connect.connectsPerSecond },
    { measure: "server heap per connection (KiB)", ours: ours.connect.heapBytesPerConnection / 1024, baseline: base.connect.heapBytesPerConnection / 1024, digits: 1 },
    { measure: "server RSS per connection (KiB)", ours: ours.connect.rssBytesPerConnection / 1024, baseline: base.connect.rssBytesPerConnection / 1024, digits: 1 },
    { measure: "announcement: last client has it (ms)", ours: ours.fanout.lastMs, baseline: base.fanout.lastMs, digits: 1 },
    { measure: "announcement latency p99 (ms)", ours: ours.fanout.latency.p99, baseline: base.fanout.latency.p99, digits: 1 },
    { measure: "announcement deliveries per second", ours: ours.fanout.deliveriesPerSecond, baseline: base.fanout.deliveriesPerSecond },
    { measure: "volatile broadcast deliveries per second", ours: ours.volatile.deliveriesPerSecond, baseline: base.volatile.deliveriesPerSecond },
    { measure: `targeted: best rate with p99 ≤ ${TARGETED_P99_GOAL_MS} ms (/s)`, ours: best(r.switchboard), baseline: best(r.baseline) },
    { measure: "targeted: highest rate reached (/s)", ours: peak(r.switchboard), baseline: peak(r.baseline) },
  ];
}

/** The issue's goals, each with what this run measured and where that leaves us. */
function goalRows(r: BenchResults): [string, string, string][] {
  const [ours, base] = [top(r.switchboard), top(r.baseline)];
  const n = ours.connect.connections;
  const at = (size: number) => (n >= size ? "" : ` (at ${fmt(n)} clients; ${fmt(size)} not measured in this run)`);
  const within = (inside: boolean) => (inside ? "within the goal" : "outside the goal");
  const heapRatio = ratio(ours.connect.heapBytesPerConnection, base.connect.heapBytesPerConnection);
  const volatileRatio = ratio(ours.volatile.deliveriesPerSecond, base.volatile.deliveriesPerSecond);
  const best = bestStage(r.switchboard.targeted, TARGETED_P99_GOAL_MS);
  const catchUp = r.switchboard.catchUp;
  return [
    [
      "10,000 concurrent authenticated sockets on one node",
      `${fmt(n)} held, ${fmt(ours.connect.failed)} refused or failed`,
      n >= 10_000 && ours.connect.failed === 0 ? "within the goal" : `not shown yet${at(10_000)}`,
    ],
    ["server heap per connection ≤ 1.5× bare Socket.IO's", `${fmt(heapRatio, 2)}×${at(10_000)}`, within(heapRatio <= 1.5)],
    ["announcement to 10,000 clients: p99 ≤ 250 ms", `p99 ${fmt(ours.fanout.latency.p99, 1)} ms${at(10_000)}`, within(ours.fanout.latency.p99 <= 250)],
    [
      `durable targeted notifications ≥ 2,000/s with p99 ≤ ${TARGETED_P99_GOAL_MS} ms`,
      best ? `${fmt(best.achievedRate)}/s at p99 ${fmt(best.latency.p99, 1)} ms` : `no stage had p99 ≤ ${TARGETED_P99_GOAL_MS} ms`,
      within(Boolean(best && best.achievedRate >= 2000)) + (r.plan.rampRates.at(-1)! < 2000 ? " (this plan's rates stop below 2,000/s)" : ""),
    ],
    [
      "catch-up of 1,000 events ≤ 200 ms",
      catchUp ? `${fmt(catchUp.received)} events in ${fmt(catchUp.syncMs, 1)} ms (${catchUp.pages} pages)` : "—",
      within(Boolean(catchUp && catchUp.received >= 1000 && catchUp.syncMs <= 200)),
    ],
    ["volatile broadcast throughput ≥ 0.8× bare Socket.IO's", `${fmt(volatileRatio, 2)}×`, within(volatileRatio >= 0.8)],
  ];
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function machineLine(r: { startedAt: string; durationS: number; machine: Machine }): string {
  const m = r.machine;
  return `Started ${r.startedAt}, took ${fmt(r.durationS)} s. Machine: ${m.cores} cores (${m.cpu}), ${fmt(m.memoryGiB, 1)} GiB, Node ${m.node}, ${m.os}. Load average (1, 5, 15 min) at start ${m.loadAverage.start.map((l) => fmt(l, 2)).join(", ")}, at end ${m.loadAverage.end.map((l) => fmt(l, 2)).join(", ")}.`;
}

export function twoNodeMarkdown(r: TwoNodeResults): string {
  const rows = r.stages.map((s) => [
    fmt(s.offeredRate),
    fmt(s.achievedRate),
    fmt(s.sent),
    fmt(s.errors + s.skipped),
    fmt(s.accepted - s.received),
    `${fmt(s.latency.p50, 1)} / ${fmt(s.latency.p95, 1)} / ${fmt(s.latency.p99, 1)}`,
    `${fmt(s.outOfOrder)} (${fmt((100 * s.outOfOrder) / Math.max(1, s.received), 1)} %)`,
    fmt(s.cpuMsPerRequest, 2),
    s.cpuMs.map((ms) => fmt(ms / Math.max(1, s.accepted), 2)).join(" / "),
  ]);
  return `# Bench results: two nodes, delivery order

${r.note ? `> ${r.note}\n\n` : ""}${machineLine(r)} Server: \`${r.app.dir}\` at ${r.app.commit}${r.app.dirty ? " with uncommitted changes" : ""}.

Two Switchboard nodes on one PostgreSQL database and one Redis. ${fmt(r.plan.sockets)} clients on node A (${r.plan.workers} worker processes); each client's durable notifications sent to node A and node B in turn, ${fmt(r.plan.stageMs / 1000, 1)} s at each rate. Out of order: events a socket received after one with a higher id. Server CPU per notification: both nodes' CPU time over the stage ÷ notifications accepted.

${table(["offered/s", "achieved/s", "sent", "errors + skipped", "lost", "p50 / p95 / p99 ms", "out of order", "server CPU ms/notification", "node A / node B ms"], rows)}
`;
}

export function markdownReport(r: BenchResults): string {
  const targets = [
    ["Switchboard", r.switchboard],
    ["bare Socket.IO", r.baseline],
  ] as const;
  const levelRows = targets.flatMap(([name, t]) =>
    t.levels.map(({ connect: c, fanout: f, volatile: v }) => [
      name,
      fmt(c.connections),
      fmt(c.failed),
      fmt(c.connectsPerSecond),
      kib(c.heapBytesPerConnection),
      kib(c.rssBytesPerConnection),
      fmt(f.lastMs, 1),
      `${fmt(f.latency.p50, 1)} / ${fmt(f.latency.p95, 1)} / ${fmt(f.latency.p99, 1)}`,
      `${fmt(f.delivered)} of ${fmt(f.expected)}`,
      fmt(v.deliveriesPerSecond),
      `${fmt(v.delivered)} of ${fmt(v.expected)}`,
    ]),
  );
  const rampRows = targets.flatMap(([name, t]) =>
    t.targeted.stages.map((s) => [
      name,
      fmt(s.offeredRate),
      fmt(s.achievedRate),
      fmt(s.sent),
      fmt(s.errors),
      fmt(s.skipped),
      fmt(s.accepted - s.received),
      `${fmt(s.latency.p50, 1)} / ${fmt(s.latency.p95, 1)} / ${fmt(s.latency.p99, 1)}`,
      fmt(s.cpuMsPerRequest, 1),
    ]),
  );
  const { catchUp, polling } = r.switchboard;
  return `# Bench results: ${r.mode} run

${r.note ? `> ${r.note}\n\n` : ""}${machineLine(r)} Both servers ran on this machine in the same run, one after the other, against the same load generators (${r.plan.workers} worker processes).

## Ratios to bare Socket.IO (at ${fmt(top(r.switchboard).connect.connections)} clients)

Ratio is Switchboard ÷ bare Socket.IO: above 1 means more (better for rates, worse for CPU, memory and latency). Server CPU per operation is the figure that other work on a shared machine disturbs least; latencies and rates move with the machine's load.

${table(
  ["measure", "Switchboard", "bare Socket.IO", "ratio"],
  headlineRows(r).map((row) => [row.measure, fmt(row.ours, row.digits), fmt(row.baseline, row.digits), fmt(ratio(row.ours, row.baseline), 2)]),
)}

## The issue's goals

${table(["goal", "this run", "where we stand"], goalRows(r))}

## Connections, announcements and volatile broadcasts, by clients held

${table(
  ["server", "clients", "failed", "connects/s", "heap/conn KiB", "RSS/conn KiB", "announcement last ms", "announcement p50 / p95 / p99 ms", "announcements delivered", "volatile deliveries/s", "volatile delivered"],
  levelRows,
)}

## Targeted durable notifications at rising rates (request sent to event received)

Switchboard: ${r.switchboard.targeted.stoppedBecause}. Bare Socket.IO: ${r.baseline.targeted.stoppedBecause}. The baseline's targeted emits are not durable: it is the ceiling of the transport, not a like-for-like write.

${table(["server", "offered/s", "achieved/s", "sent", "errors", "skipped", "lost", "p50 / p95 / p99 ms", "server CPU ms/request"], rampRows)}

## Switchboard only

${
  catchUp
    ? `Catch-up: a client away for ${fmt(catchUp.events)} events had ${fmt(catchUp.received)} of them through \`sync\` in ${fmt(catchUp.syncMs, 1)} ms (${catchUp.pages} pages; ${fmt(catchUp.connectAndSyncMs, 1)} ms including the connection). The missed events were written at ${fmt(catchUp.writesPerSecond)}/s, eight triggers at a time.`
    : "Catch-up: not measured."
}

${
  polling
    ? `Polling fallback: ${polling.clients} clients polling every ${fmt(polling.intervalMs)} ms received ${fmt(polling.received)} of ${fmt(polling.events)} events, ${fmt(polling.errors)} errors. Delivery latency p50 / p95 / p99 ${fmt(polling.latency.p50, 1)} / ${fmt(polling.latency.p95, 1)} / ${fmt(polling.latency.p99, 1)} ms (about half the interval is waiting for the next poll); one poll request p50 / p99 ${fmt(polling.requestMs.p50, 1)} / ${fmt(polling.requestMs.p99, 1)} ms.`
    : "Polling fallback: not measured."
}

![Latency against load](${r.name}.svg)
`;
}

/**
 * Targeted notifications' p50 and p99 against the rate each stage achieved, for both
 * servers, on a logarithmic latency axis with the 50 ms goal and the 100 ms stop marked.
 */
export function latencyChart(r: BenchResults): string {
  const [width, height] = [720, 420];
  const plot = { left: 70, right: width - 170, top: 40, bottom: height - 55 };
  const series = [
    { name: "Switchboard p99", color: "#c0392b", dash: "", stages: r.switchboard.targeted.stages, pick: (s: StageResult) => s.latency.p99 },
    { name: "Switchboard p50", color: "#e67e22", dash: "", stages: r.switchboard.targeted.stages, pick: (s: StageResult) => s.latency.p50 },
    { name: "bare Socket.IO p99", color: "#2c3e50", dash: "6 4", stages: r.baseline.targeted.stages, pick: (s: StageResult) => s.latency.p99 },
    { name: "bare Socket.IO p50", color: "#7f8c8d", dash: "6 4", stages: r.baseline.targeted.stages, pick: (s: StageResult) => s.latency.p50 },
  ];
  const points = series.map((s) => s.stages.filter((st) => st.latency.count > 0).map((st) => ({ x: st.achievedRate, y: Math.max(0.1, s.pick(st)) })));
  const all = points.flat();
  const xMax = niceCeiling(Math.max(1, ...all.map((p) => p.x)));
  const [yMinExp, yMaxExp] = [Math.floor(Math.log10(Math.min(1, ...all.map((p) => p.y)))), Math.ceil(Math.log10(Math.max(1000, ...all.map((p) => p.y))))];
  const x = (v: number) => plot.left + (v / xMax) * (plot.right - plot.left);
  const y = (v: number) => plot.bottom - ((Math.log10(v) - yMinExp) / (yMaxExp - yMinExp)) * (plot.bottom - plot.top);

  const xTicks = Array.from({ length: 6 }, (_, i) => (xMax * i) / 5);
  const yTicks = Array.from({ length: yMaxExp - yMinExp + 1 }, (_, i) => 10 ** (yMinExp + i));
  const parts = [
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">Targeted notifications: latency against load (${r.mode} run, ${fmt(top(r.switchboard).connect.connections)} clients)</text>`,
    ...xTicks.map((t) => `<line x1="${x(t)}" y1="${plot.top}" x2="${x(t)}" y2="${plot.bottom}" stroke="#eee"/><text x="${x(t)}" y="${plot.bottom + 18}" text-anchor="middle">${fmt(t)}</text>`),
    ...yTicks.map((t) => `<line x1="${plot.left}" y1="${y(t)}" x2="${plot.right}" y2="${y(t)}" stroke="#eee"/><text x="${plot.left - 8}" y="${y(t) + 4}" text-anchor="end">${fmt(t, t < 1 ? 1 : 0)}</text>`),
    ...[
      [TARGETED_P99_GOAL_MS, "goal p99 50 ms"],
      [100, "ramp stops: p99 100 ms"],
    ].map(([ms, label]) => `<line x1="${plot.left}" y1="${y(Number(ms))}" x2="${plot.right}" y2="${y(Number(ms))}" stroke="#27ae60" stroke-dasharray="3 3"/><text x="${plot.right - 4}" y="${y(Number(ms)) - 4}" text-anchor="end" fill="#27ae60">${label}</text>`),
    `<rect x="${plot.left}" y="${plot.top}" width="${plot.right - plot.left}" height="${plot.bottom - plot.top}" fill="none" stroke="#999"/>`,
    `<text x="${(plot.left + plot.right) / 2}" y="${height - 15}" text-anchor="middle">achieved rate (notifications per second)</text>`,
    `<text transform="translate(18 ${(plot.top + plot.bottom) / 2}) rotate(-90)" text-anchor="middle">latency, ms (log scale)</text>`,
    ...series.map((s, i) => {
      const path = points[i].map((p) => `${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join(" ");
      const dots = points[i].map((p) => `<circle cx="${x(p.x).toFixed(1)}" cy="${y(p.y).toFixed(1)}" r="3" fill="${s.color}"/>`).join("");
      const legendY = plot.top + 10 + i * 22;
      return `<polyline points="${path}" fill="none" stroke="${s.color}" stroke-width="2" stroke-dasharray="${s.dash}"/>${dots}<line x1="${plot.right + 12}" y1="${legendY}" x2="${plot.right + 36}" y2="${legendY}" stroke="${s.color}" stroke-width="2" stroke-dasharray="${s.dash}"/><text x="${plot.right + 42}" y="${legendY + 4}">${s.name}</text>`;
    }),
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">\n${parts.join("\n")}\n</svg>\n`;
}

/** The next 1, 2 or 5 times a power of ten at or above `value`: a round axis end. */
export function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * power).find((v) => v >= value)!;
}
