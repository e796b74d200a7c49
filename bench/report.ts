/**
 * A run's results as data, and what the markdown report (bench/report-markdown.ts), the
 * goals (bench/report-goals.ts) and the chart (bench/report-chart.ts) share. Pure.
 */
import os from "node:os";
import type { CatchUpResult, PollingResult } from "./durable";
import type { BookingPathsResult } from "./paths";
import type { Plan, TwoNodePlan } from "./plan";
import type { ConnectResult, DeliveryResult, RampResult, StageResult } from "./scenarios";

export type TargetResults = {
  levels: { connect: ConnectResult; fanout: DeliveryResult; volatile: DeliveryResult }[];
  /** Durable triggers to one user each, without a notification (the fast path on SQLite). */
  targeted: RampResult;
  /** The same with an inbox notification each; the baseline emits `notification:new` and writes nothing. */
  inbox: RampResult;
  /** Only Switchboard has bookings and an event log: null for the baseline. */
  bookings: BookingPathsResult | null;
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
  /** Switchboard on SQLite, and on PostgreSQL. */
  switchboard: TargetResults;
  switchboardPostgres: TargetResults;
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

/** The p99 goal for targeted and inbox notifications. */
export const TARGETED_P99_GOAL_MS = 50;

/** Numbers for people: grouped thousands, `digits` decimals, "—" for what was not measured. */
export function fmt(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export const kib = (bytes: number) => fmt(bytes / 1024, 1);
/** The last level's figures: the most clients held. */
export const top = (t: TargetResults) => t.levels[t.levels.length - 1];

/** The stage with the highest achieved rate whose p99 stayed within `limitMs` and lost nothing. */
export function bestStage(ramp: RampResult, limitMs: number): StageResult | undefined {
  const clean = ramp.stages.filter((s) => s.latency.p99 <= limitMs && s.errors + s.skipped === 0 && s.received === s.accepted);
  return clean.sort((a, b) => b.achievedRate - a.achievedRate)[0];
}

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

export function machineLine(r: { startedAt: string; durationS: number; machine: Machine }): string {
  const m = r.machine;
  return `Started ${r.startedAt}, took ${fmt(r.durationS)} s. Machine: ${m.cores} cores (${m.cpu}), ${fmt(m.memoryGiB, 1)} GiB, Node ${m.node}, ${m.os}. Load average (1, 5, 15 min) at start ${m.loadAverage.start.map((l) => fmt(l, 2)).join(", ")}, at end ${m.loadAverage.end.map((l) => fmt(l, 2)).join(", ")}.`;
}

