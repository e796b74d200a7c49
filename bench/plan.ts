import { availableParallelism } from "node:os";

/** What one bench run does: the sizes of each measurement. */
export type Plan = {
  mode: "quick" | "full";
  /** Connections held at each step; every step is measured, the last one is the headline. */
  levels: number[];
  workers: number;
  /** Handshakes each worker keeps in flight while connecting. */
  connectConcurrency: number;
  announcementRounds: number;
  volatileBroadcasts: number;
  /** Targeted notifications per second, tried in order until p99 passes 100 ms. */
  rampRates: number[];
  /** The same with an inbox notification each (a Prisma transaction): the rates tried. */
  inboxRates: number[];
  stageMs: number;
  /** Booking accepts, then chat messages, per second, each for `pathStageMs`, spread over `providers` providers. */
  bookingRate: number;
  pathStageMs: number;
  providers: number;
  catchUpEvents: number;
  pollers: number;
  pollIntervalMs: number;
  pollRatePerSecond: number;
  pollMs: number;
};

/** Small numbers, a few minutes (three servers): checks that the bench and both servers work, not how fast they are. */
const QUICK: Plan = {
  mode: "quick",
  levels: [100, 300],
  workers: 2,
  connectConcurrency: 25,
  announcementRounds: 3,
  volatileBroadcasts: 10,
  rampRates: [10, 25, 50, 100, 200, 400, 800],
  inboxRates: [25, 100, 400],
  stageMs: 3000,
  bookingRate: 50,
  pathStageMs: 3000,
  providers: 4,
  catchUpEvents: 1000,
  pollers: 4,
  pollIntervalMs: 1000,
  pollRatePerSecond: 8,
  pollMs: 5000,
};

/** The numbers. Needs a quiet machine and an open-file limit above the largest level. */
const FULL: Plan = {
  mode: "full",
  levels: [1000, 5000, 10_000],
  workers: Math.max(2, availableParallelism()),
  connectConcurrency: 100,
  announcementRounds: 5,
  volatileBroadcasts: 20,
  rampRates: [100, 250, 500, 1000, 1500, 2000, 3000, 4000, 6000, 8000],
  inboxRates: [250, 500, 1000, 1500, 2000, 3000, 4000],
  stageMs: 5000,
  bookingRate: 100,
  pathStageMs: 10_000,
  providers: 20,
  catchUpEvents: 1000,
  pollers: 50,
  pollIntervalMs: 1000,
  pollRatePerSecond: 50,
  pollMs: 15_000,
};

/**
 * The two-node stage (`--two-nodes`): `sockets` clients on node A; each one's durable
 * notifications sent to node A and node B in turn, at each of `rates` per second for
 * `stageMs`. Few sockets, so each gets events from both nodes close together, where order
 * can break.
 */
export type TwoNodePlan = { sockets: number; workers: number; rates: number[]; stageMs: number };
export const TWO_NODES: TwoNodePlan = { sockets: 20, workers: 2, rates: [50, 100, 200], stageMs: 5000 };

export const USAGE = `npm run bench [-- --full | --two-nodes] [-- --levels=1000,5000,10000,20000] [-- --note="why this run"]`;

/**
 * The plan the command line asks for: `--full`, `--levels=a,b,c` (connections held at each
 * step), `--note=text`, `--two-nodes` (that stage alone); and the results' file name
 * (`full`, or `full-1000` for `--full --levels=1000`).
 */
export function planFrom(args: string[]): { plan: Plan; note: string; name: string; twoNodes: boolean } {
  let plan = args.includes("--full") ? FULL : QUICK;
  let note = "";
  for (const arg of args) {
    if (arg === "--full" || arg === "--two-nodes") continue;
    else if (arg.startsWith("--levels=")) {
      const levels = arg.slice("--levels=".length).split(",").map(Number);
      if (!levels.every((n) => Number.isInteger(n) && n > 0)) throw new Error(`--levels wants whole numbers: ${arg}`);
      plan = { ...plan, levels: levels.sort((a, b) => a - b) };
    } else if (arg.startsWith("--note=")) note = arg.slice("--note=".length);
    else throw new Error(`unknown argument ${arg}; usage: ${USAGE}`);
  }
  const levelsChosen = args.some((arg) => arg.startsWith("--levels="));
  return { plan, note, name: levelsChosen ? `${plan.mode}-${plan.levels.join("-")}` : plan.mode, twoNodes: args.includes("--two-nodes") };
}
