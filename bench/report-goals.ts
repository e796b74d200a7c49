/**
 * The goals, each checked on Switchboard on SQLite and on PostgreSQL against what
 * the run measured: the figure, and "within" or "outside" the goal.
 */
import { bestStage, fmt, TARGETED_P99_GOAL_MS, top, type BenchResults, type TargetResults } from "./report";
import type { StageResult } from "./scenarios";
import { ratio } from "./stats";

/** Inbox notifications a second the issue asks for at p99 ≤ 50 ms with 10,000 sockets, by database. */
const INBOX_GOAL_PER_SECOND = { SQLite: 2000, PostgreSQL: 1000 };
/** The goal for a booking action and a chat message: p99 ≤ 50 ms at 100/s, 10,000 sockets held. */
const PATH_GOAL_RATE = 100;
const PATH_GOAL_P99_MS = 50;

type Database = keyof typeof INBOX_GOAL_PER_SECOND;
type Goal = { goal: string; check(t: TargetResults, db: Database): [figure: string, status: string] };

const within = (inside: boolean) => (inside ? "within the goal" : "outside the goal");

/** One row per goal: the goal, then the figure and status on SQLite, then on PostgreSQL. */
export function goalRows(r: BenchResults): string[][] {
  const base = top(r.baseline);
  const at = (t: TargetResults, size: number) => {
    const n = top(t).connect.connections;
    return n >= size ? "" : ` (at ${fmt(n)} clients; ${fmt(size)} not measured in this run)`;
  };
  const rampNote = (rates: number[], goal: number) => (rates.at(-1)! < goal ? " (this plan's rates stop below it)" : "");
  const ramped = (best: StageResult | undefined) => (best ? `${fmt(best.achievedRate)}/s at p99 ${fmt(best.latency.p99, 1)} ms` : `no stage had p99 ≤ ${TARGETED_P99_GOAL_MS} ms`);
  const path = (pick: (t: TargetResults) => StageResult | undefined): Goal["check"] => (t) => {
    const s = pick(t);
    if (!s) return ["—", "not measured"];
    const rateNote = s.offeredRate === PATH_GOAL_RATE ? "" : ` (this plan: ${fmt(s.offeredRate)}/s)`;
    const figure = `p99 ${fmt(s.latency.p99, 1)} ms at ${fmt(s.achievedRate)}/s; ${fmt(s.received)} of ${fmt(s.sent)} arrived${at(t, 10_000)}`;
    return [figure, within(s.offeredRate >= PATH_GOAL_RATE && s.received === s.sent && s.latency.p99 <= PATH_GOAL_P99_MS) + rateNote];
  };
  const goals: Goal[] = [
    {
      goal: "10,000 concurrent authenticated sockets on one node",
      check: (t) => {
        const { connections: n, failed } = top(t).connect;
        return [`${fmt(n)} held, ${fmt(failed)} refused or failed`, n >= 10_000 && failed === 0 ? "within the goal" : `not shown yet${at(t, 10_000)}`];
      },
    },
    {
      goal: "server heap per connection ≤ 1.5× bare Socket.IO's",
      check: (t) => {
        const heapRatio = ratio(top(t).connect.heapBytesPerConnection, base.connect.heapBytesPerConnection);
        return [`${fmt(heapRatio, 2)}×${at(t, 10_000)}`, within(heapRatio <= 1.5)];
      },
    },
    { goal: "announcement to 10,000 clients: p99 ≤ 250 ms", check: (t) => [`p99 ${fmt(top(t).fanout.latency.p99, 1)} ms${at(t, 10_000)}`, within(top(t).fanout.latency.p99 <= 250)] },
    {
      goal: `durable targeted notifications (no inbox row) ≥ 2,000/s with p99 ≤ ${TARGETED_P99_GOAL_MS} ms`,
      check: (t) => {
        const best = bestStage(t.targeted, TARGETED_P99_GOAL_MS);
        return [ramped(best), within(Boolean(best && best.achievedRate >= 2000)) + rampNote(r.plan.rampRates, 2000)];
      },
    },
    {
      goal: `inbox notifications ≥ 2,000/s on SQLite, ≥ 1,000/s on PostgreSQL, with p99 ≤ ${TARGETED_P99_GOAL_MS} ms and 10,000 sockets`,
      check: (t, db) => {
        const best = bestStage(t.inbox, TARGETED_P99_GOAL_MS);
        const goal = INBOX_GOAL_PER_SECOND[db];
        return [ramped(best) + at(t, 10_000), within(Boolean(best && best.achievedRate >= goal)) + rampNote(r.plan.inboxRates, goal)];
      },
    },
    { goal: `a provider's booking action to \`booking:updated\` at the client: p99 ≤ ${PATH_GOAL_P99_MS} ms at ${PATH_GOAL_RATE}/s`, check: path((t) => t.bookings?.accept) },
    { goal: `a chat message to \`chat:message\` at the other party: p99 ≤ ${PATH_GOAL_P99_MS} ms at ${PATH_GOAL_RATE}/s`, check: path((t) => t.bookings?.chat) },
    {
      goal: "catch-up of 1,000 events ≤ 200 ms",
      check: ({ catchUp }) => [
        catchUp ? `${fmt(catchUp.received)} events in ${fmt(catchUp.syncMs, 1)} ms (${catchUp.pages} pages)` : "—",
        within(Boolean(catchUp && catchUp.received >= 1000 && catchUp.syncMs <= 200)),
      ],
    },
    {
      goal: "volatile broadcast throughput ≥ 0.8× bare Socket.IO's",
      check: (t) => {
        const volatileRatio = ratio(top(t).volatile.deliveriesPerSecond, base.volatile.deliveriesPerSecond);
        return [`${fmt(volatileRatio, 2)}×`, within(volatileRatio >= 0.8)];
      },
    },
  ];
  return goals.map(({ goal, check }) => [goal, ...check(r.switchboard, "SQLite"), ...check(r.switchboardPostgres, "PostgreSQL")]);
}
