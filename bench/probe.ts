/**
 * Quick A/B probes for one change at a time, by server CPU per operation and heap per
 * socket (figures a busy machine disturbs little), without the whole bench:
 *
 *   npx tsx bench/probe.ts sockets 1000     # Switchboard and bare Socket.IO: heap per socket, CPU per handshake
 *   npx tsx bench/probe.ts triggers 2000    # Switchboard: CPU per durable targeted trigger, 32 in flight, and heap it leaves live
 *   npx tsx bench/probe.ts volatile 1000    # Switchboard and bare Socket.IO: CPU per volatile delivery to that many sockets
 *
 * It prints one JSON line. Above about 4,000 sockets raise the open-file limit first
 * (`ulimit -n 20000`). Method and figures: docs/performance.md.
 */
import type { Socket } from "socket.io-client";
import { openSocket, type BenchClient } from "./clients";
import { forEachLimited } from "./concurrency";
import { benchClients, post, serverCpuMs, serverMemory, startBaseline, startSwitchboard, type Target } from "./targets";

const HANDSHAKES_IN_FLIGHT = 25;
const TRIGGERS_IN_FLIGHT = 32;
const TRIGGER_USERS = 200;

const perOp = (total: number, count: number, digits = 2) => Number((total / count).toFixed(digits));

/** Opens a socket for every client, then reads heap per socket and CPU per handshake, and closes them. */
async function sockets(target: Target, clients: BenchClient[]) {
  const idle = await serverMemory(target);
  const cpuBefore = await serverCpuMs(target);
  const open: Socket[] = [];
  await forEachLimited(clients.length, HANDSHAKES_IN_FLIGHT, async (i) => {
    open.push((await openSocket(target.url, clients[i])).socket);
  });
  const cpuMs = (await serverCpuMs(target)) - cpuBefore;
  const held = await serverMemory(target);
  for (const socket of open) socket.disconnect();
  return { held: open.length, heapKiBPerSocket: perOp((held.heapBytes - idle.heapBytes) / 1024, open.length), cpuMsPerHandshake: perOp(cpuMs, open.length) };
}

async function triggers(target: Target, clients: BenchClient[], count: number) {
  const send = async (i: number) => {
    await post(target, "/api/realtime/trigger", target.internalAuth, { event: "bench:targeted", data: { i }, to: { users: [clients[i % clients.length].userId] } }, 202, { keepAlive: true });
  };
  await forEachLimited(TRIGGER_USERS, 8, send); // warm-up: routes and queries loaded
  const heapBefore = (await serverMemory(target)).heapBytes;
  const cpuBefore = await serverCpuMs(target);
  await forEachLimited(count, TRIGGERS_IN_FLIGHT, send);
  const cpuMs = (await serverCpuMs(target)) - cpuBefore;
  // What the triggers left live after a full collection (the recovery store's packets, caches).
  const heapAfter = (await serverMemory(target)).heapBytes;
  return { triggers: count, cpuMsPerTrigger: perOp(cpuMs, count), heapBytesRetainedPerTrigger: perOp(heapAfter - heapBefore, count, 0) };
}

const VOLATILE_BROADCASTS = 200;

/** Holds a socket per client and sends volatile broadcasts to all of them, four at a time: server CPU per delivery. */
async function volatile(target: Target, clients: BenchClient[]) {
  let received = 0;
  let allArrived!: () => void;
  const arrived = new Promise<void>((resolve) => (allArrived = resolve));
  const expected = clients.length * VOLATILE_BROADCASTS;
  const open: Socket[] = [];
  await forEachLimited(clients.length, HANDSHAKES_IN_FLIGHT, async (i) => {
    const listen = (socket: Socket) => socket.on("bench:volatile", () => ++received === expected && allArrived());
    open.push((await openSocket(target.url, clients[i], listen)).socket);
  });
  const cpuBefore = await serverCpuMs(target);
  await forEachLimited(VOLATILE_BROADCASTS, 4, async () => {
    const body = { event: "bench:volatile", data: { sentAt: Date.now() }, to: { roles: ["CLIENT"] }, durable: false };
    await post(target, "/api/realtime/trigger", target.internalAuth, body, 202, { keepAlive: true });
  });
  await arrived;
  const cpuMs = (await serverCpuMs(target)) - cpuBefore;
  for (const socket of open) socket.disconnect();
  return { deliveries: expected, cpuUsPerDelivery: perOp(cpuMs * 1000, expected) };
}

async function main(): Promise<void> {
  const [what, n] = [process.argv[2], Number(process.argv[3])];
  if (!["sockets", "triggers", "volatile"].includes(what) || !(Number.isInteger(n) && n > 0)) {
    throw new Error("usage: npx tsx bench/probe.ts sockets <count> | triggers <count> | volatile <count>");
  }
  const clients = await benchClients(what === "triggers" ? TRIGGER_USERS : n);
  const switchboard = await startSwitchboard(clients, 1_000_000);
  if (what === "triggers") {
    const ours = await triggers(switchboard, clients, n).finally(() => switchboard.stop());
    console.log(JSON.stringify({ switchboard: ours }));
    return;
  }
  if (what === "volatile") {
    const ours = await volatile(switchboard, clients).finally(() => switchboard.stop());
    const baseline = await startBaseline();
    const bare = await volatile(baseline, clients).finally(() => baseline.stop());
    console.log(JSON.stringify({ switchboard: ours, baseline: bare, cpuRatio: perOp(ours.cpuUsPerDelivery, bare.cpuUsPerDelivery) }));
    return;
  }
  const ours = await sockets(switchboard, clients).finally(() => switchboard.stop());
  const baseline = await startBaseline();
  const bare = await sockets(baseline, clients).finally(() => baseline.stop());
  console.log(JSON.stringify({ switchboard: ours, baseline: bare, heapRatio: perOp(ours.heapKiBPerSocket, bare.heapKiBPerSocket) }));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
