/**
 * `npm run bench` (quick, a few minutes) or `npm run bench -- --full`: Switchboard's
 * realtime layer under load on SQLite and on PostgreSQL, side by side with a bare
 * Socket.IO server in the same run, driven by real socket.io-client connections in worker processes. Writes
 * bench/results/<mode>.{json,md,svg}. `npm run bench -- --two-nodes`: delivery on two
 * nodes alone (bench/results/two-nodes.{json,md}). Method and figures: docs/performance.md.
 */
import { execFileSync, spawnSync } from "node:child_process";
import os from "node:os";
import { fileURLToPath } from "node:url";
import type { BenchClient, BenchProvider } from "./clients";
import { catchUp, pollingDelivery } from "./durable";
import { bookingPaths } from "./paths";
import { planFrom, TWO_NODES, type Plan } from "./plan";
import { fmt, machine, type BenchResults, type TargetResults, type TwoNodeResults } from "./report";
import { writeReport, writeTwoNodeReport } from "./report-files";
import { markdownReport, twoNodeMarkdown } from "./report-markdown";
import { announcementFanout, connectClients, loadStage, ramp, startFleet, volatileBroadcasts, type RampResult } from "./scenarios";
import { APP_DIR, benchClients, benchProviders, post, serverMemory, startBaseline, startSwitchboard, startTwoNodes, type Target } from "./targets";

const RESULTS_DIR = fileURLToPath(new URL("./results", import.meta.url));

async function main(): Promise<void> {
  const { plan, note, name, twoNodes } = planFrom(process.argv.slice(2));
  if (twoNodes) return twoNodeRun(note);
  const held = plan.levels[plan.levels.length - 1];
  // Each socket is a file in the server and in a worker, next to the workers' HTTP connections.
  ensureOpenFileLimit(held + 2000);
  const startedAt = new Date();
  const loadAtStart = os.loadavg();
  console.log(`› ${plan.mode} bench: ${plan.levels.map((n) => fmt(n)).join(", ")} clients over ${plan.workers} workers`);

  // The socket clients, then the one away during the catch-up, then the pollers.
  const clients = await benchClients(held + 1 + plan.pollers);
  const providers = await benchProviders(plan.providers);
  const sockets = clients.slice(0, held);
  const only = { away: clients[held], pollers: clients.slice(held + 1), providers };

  console.log("› bare Socket.IO (baseline)");
  const baseline = await measure(await startBaseline(), plan, sockets);
  console.log("› Switchboard on SQLite");
  const switchboard = await measure(await startSwitchboard(clients, 1_000_000, "sqlite", providers), plan, sockets, only);
  console.log("› Switchboard on PostgreSQL");
  const switchboardPostgres = await measure(await startSwitchboard(clients, 1_000_000, "postgres", providers), plan, sockets, only);

  const results: BenchResults = {
    mode: plan.mode,
    name,
    note,
    startedAt: startedAt.toISOString(),
    durationS: Math.round((Date.now() - startedAt.getTime()) / 1000),
    machine: machine(loadAtStart),
    plan,
    baseline,
    switchboard,
    switchboardPostgres,
  };
  const files = writeReport(results, RESULTS_DIR);
  console.log(`\n${markdownReport(results)}\n› wrote ${files.join(", ")}`);
}

/**
 * Two nodes, clients on node A, each client's durable notifications sent to both nodes in
 * turn at each of the plan's rates: latency, events out of id order, both nodes' CPU.
 * Results are named after the server's commit when BENCH_APP_DIR names another checkout.
 */
async function twoNodeRun(note: string): Promise<void> {
  const plan = TWO_NODES;
  const startedAt = new Date();
  const loadAtStart = os.loadavg();
  const git = (...args: string[]) => execFileSync("git", ["-C", APP_DIR, ...args]).toString().trim();
  const app = { dir: APP_DIR, commit: git("rev-parse", "--short", "HEAD"), dirty: git("status", "--porcelain", "--untracked-files=no") !== "" };
  console.log(`› two nodes: ${app.dir} at ${app.commit}, ${plan.sockets} clients on node A, ${plan.rates.join(", ")}/s`);
  const clients = await benchClients(plan.sockets);
  const cluster = await startTwoNodes(clients, 1_000_000);
  const [nodeA, nodeB] = cluster.nodes;
  const fleet = startFleet(plan.workers);
  const stages: TwoNodeResults["stages"] = [];
  try {
    for (const node of cluster.nodes) await warmUp(node, clients[0]);
    const connect = await connectClients(nodeA, fleet, clients, 10, await serverMemory(nodeA));
    if (connect.failed) throw new Error(`${connect.failed} clients failed to connect to node A: ${connect.firstError}`);
    for (const rate of plan.rates) {
      const stage = await loadStage([nodeA, nodeB], fleet, rate, plan.stageMs, () => ({ kind: "targeted" }));
      stages.push(stage);
      console.log(`  ${fmt(rate)}/s: p50 ${fmt(stage.latency.p50, 1)} ms, p99 ${fmt(stage.latency.p99, 1)} ms, ${fmt(stage.outOfOrder)} out of order, ${fmt(stage.cpuMsPerRequest, 2)} ms CPU each`);
    }
  } finally {
    await fleet.pool.close();
    await cluster.stop();
  }
  const name = process.env.BENCH_APP_DIR ? `two-nodes-${app.commit}` : "two-nodes";
  const durationS = Math.round((Date.now() - startedAt.getTime()) / 1000);
  const results: TwoNodeResults = { name, note, startedAt: startedAt.toISOString(), durationS, machine: machine(loadAtStart), plan, app, stages };
  const files = writeTwoNodeReport(results, RESULTS_DIR);
  console.log(`\n${twoNodeMarkdown(results)}\n› wrote ${files.join(", ")}`);
}

/** What only Switchboard is measured on: catch-up, polling, booking actions and chat. */
type SwitchboardOnly = { away: BenchClient; pollers: BenchClient[]; providers: BenchProvider[] };

/** Every measurement against one server, which is stopped at the end. */
async function measure(target: Target, plan: Plan, clients: BenchClient[], only?: SwitchboardOnly): Promise<TargetResults> {
  const fleet = startFleet(plan.workers);
  try {
    await warmUp(target, clients[0]);
    const idle = await serverMemory(target);
    const levels: TargetResults["levels"] = [];
    let connected = 0;
    for (const level of plan.levels) {
      const connect = await connectClients(target, fleet, clients.slice(connected, level), plan.connectConcurrency, idle);
      connected = level;
      const fanout = await announcementFanout(target, fleet, plan.announcementRounds);
      const volatile = await volatileBroadcasts(target, fleet, plan.volatileBroadcasts);
      levels.push({ connect, fanout, volatile });
      console.log(
        `  ${fmt(connect.connections)} clients (${fmt(connect.failed)} failed), ${fmt(connect.connectsPerSecond)}/s, ${fmt(connect.cpuMsPerConnect, 1)} ms CPU each; ` +
          `announcement last ${fmt(fanout.lastMs, 1)} ms, p99 ${fmt(fanout.latency.p99, 1)} ms; volatile ${fmt(volatile.deliveriesPerSecond)} deliveries/s`,
      );
    }
    const targeted = logRamp("targeted", await ramp(target, fleet, plan.rampRates, plan.stageMs, "targeted"));
    const inbox = logRamp("inbox", await ramp(target, fleet, plan.inboxRates, plan.stageMs, "inbox"));
    if (!only) return { levels, targeted, inbox, bookings: null, catchUp: null, polling: null };

    const bookings = await bookingPaths(target, fleet, clients, only.providers, { rate: plan.bookingRate, stageMs: plan.pathStageMs });
    console.log(`  ${fmt(bookings.bookings)} bookings made in ${fmt(bookings.prepareMs / 1000, 1)} s`);
    for (const [name, s] of [["accept", bookings.accept], ["chat", bookings.chat]] as const) {
      console.log(`  ${name} ${fmt(s.offeredRate)}/s: ${fmt(s.received)} of ${fmt(s.sent)} arrived, p99 ${fmt(s.latency.p99, 1)} ms, ${fmt(s.cpuMsPerRequest, 1)} ms CPU each`);
    }
    const caughtUp = await catchUp(target, only.away, plan.catchUpEvents);
    console.log(`  catch-up: ${fmt(caughtUp.received)} events in ${fmt(caughtUp.syncMs, 1)} ms`);
    const polling = await pollingDelivery(target, only.pollers, { intervalMs: plan.pollIntervalMs, ratePerSecond: plan.pollRatePerSecond, durationMs: plan.pollMs });
    console.log(`  polling: ${fmt(polling.received)} of ${fmt(polling.events)}, p99 ${fmt(polling.latency.p99, 1)} ms`);
    return { levels, targeted, inbox, bookings, catchUp: caughtUp, polling };
  } finally {
    await fleet.pool.close();
    await target.stop();
  }
}

function logRamp(name: string, result: RampResult): RampResult {
  for (const s of result.stages) console.log(`  ${name} ${fmt(s.offeredRate)}/s: achieved ${fmt(s.achievedRate)}/s, p99 ${fmt(s.latency.p99, 1)} ms, ${fmt(s.cpuMsPerRequest, 1)} ms CPU each`);
  console.log(`  ${name} ramp stopped: ${result.stoppedBecause}`);
  return result;
}

/** One of each request the bench sends, with nobody connected, so lazily loaded code is in memory before the idle reading. */
async function warmUp(target: Target, someone: BenchClient): Promise<void> {
  await post(target, "/api/realtime/announcement", target.adminAuth, { message: "0", level: "info" }, 201);
  await post(target, "/api/realtime/trigger", target.internalAuth, { event: "bench:volatile", data: { sentAt: 0 }, to: { roles: ["CLIENT"] }, durable: false }, 202);
  await post(target, "/api/realtime/trigger", target.internalAuth, { event: "bench:targeted", data: { sentAt: 0 }, to: { users: [someone.userId] } }, 202);
  const notification = { title: "warm-up", body: "0" };
  await post(target, "/api/realtime/trigger", target.internalAuth, { event: "bench:inbox", data: { sentAt: 0 }, to: { users: [someone.userId] }, notification }, 202);
}

/** Runs this command again under a raised `ulimit -n` when the open-file limit is below `needed`, or explains how to raise it. */
function ensureOpenFileLimit(needed: number): void {
  const current = Number(execFileSync("/bin/sh", ["-c", "ulimit -n"]).toString()); // "unlimited" reads as NaN: enough
  if (!(current < needed)) return;
  const raise = `ulimit -n ${needed}`;
  if (process.env.BENCH_RAISED_ULIMIT || spawnSync("/bin/sh", ["-c", raise]).status !== 0) {
    console.error(
      `The bench needs an open-file limit of at least ${needed} (ulimit -n is ${current}) and cannot raise it past the hard limit. ` +
        `Raise that (as root: ulimit -Hn ${needed}, or "nofile" in /etc/security/limits.conf) and run it again.`,
    );
    process.exit(1);
  }
  console.log(`› the open-file limit ${current} is below ${needed}: running again under "${raise}"`);
  const again = spawnSync("/bin/sh", ["-c", `${raise} && exec "$@"`, "sh", process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, BENCH_RAISED_ULIMIT: "1" },
  });
  process.exit(again.status ?? 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
