/** The markdown reports: the main run's (ratios, goals, which path each request takes, every figure) and the two-node stage's. */
import type { BookingPathsResult } from "./paths";
import { bestStage, fmt, kib, machineLine, table, TARGETED_P99_GOAL_MS, top, type BenchResults, type TargetResults, type TwoNodeResults } from "./report";
import { goalRows } from "./report-goals";
import type { RampResult, StageResult } from "./scenarios";
import { ratio } from "./stats";

type Row = { measure: string; pick: (t: TargetResults) => number; digits?: number };

const best = (ramp: RampResult) => bestStage(ramp, TARGETED_P99_GOAL_MS)?.achievedRate ?? Number.NaN;
const peak = (ramp: RampResult) => Math.max(...ramp.stages.map((s) => s.achievedRate));
/** Server CPU per accepted request over every stage of a ramp, weighted by requests. */
const cpuPerRequest = (ramp: RampResult) => {
  const accepted = ramp.stages.reduce((sum, s) => sum + s.accepted, 0);
  return ramp.stages.reduce((sum, s) => sum + s.cpuMsPerRequest * s.accepted, 0) / accepted;
};

const HEADLINE: Row[] = [
  { measure: "server CPU per connection (ms)", pick: (t) => top(t).connect.cpuMsPerConnect, digits: 2 },
  { measure: "server CPU per announcement delivery (µs)", pick: (t) => top(t).fanout.cpuUsPerDelivery },
  { measure: "server CPU per volatile delivery (µs)", pick: (t) => top(t).volatile.cpuUsPerDelivery },
  { measure: "server CPU per targeted notification (ms)", pick: (t) => cpuPerRequest(t.targeted), digits: 2 },
  { measure: "server CPU per inbox notification (ms)", pick: (t) => cpuPerRequest(t.inbox), digits: 2 },
  { measure: "connections per second", pick: (t) => top(t).connect.connectsPerSecond },
  { measure: "server heap per connection (KiB)", pick: (t) => top(t).connect.heapBytesPerConnection / 1024, digits: 1 },
  { measure: "server RSS per connection (KiB)", pick: (t) => top(t).connect.rssBytesPerConnection / 1024, digits: 1 },
  { measure: "announcement: last client has it (ms)", pick: (t) => top(t).fanout.lastMs, digits: 1 },
  { measure: "announcement latency p99 (ms)", pick: (t) => top(t).fanout.latency.p99, digits: 1 },
  { measure: "announcement deliveries per second", pick: (t) => top(t).fanout.deliveriesPerSecond },
  { measure: "volatile broadcast deliveries per second", pick: (t) => top(t).volatile.deliveriesPerSecond },
  { measure: `targeted: best rate with p99 ≤ ${TARGETED_P99_GOAL_MS} ms (/s)`, pick: (t) => best(t.targeted) },
  { measure: "targeted: highest rate reached (/s)", pick: (t) => peak(t.targeted) },
  { measure: `inbox: best rate with p99 ≤ ${TARGETED_P99_GOAL_MS} ms (/s)`, pick: (t) => best(t.inbox) },
  { measure: "inbox: highest rate reached (/s)", pick: (t) => peak(t.inbox) },
];

/**
 * Which requests of the run take a fast path, and which go through Prisma's interactive
 * transaction (docs/performance.md, "Which path each request takes").
 */
const PATHS = `- **Durable triggers** (\`POST /api/realtime/trigger\` without \`notification\`: the targeted ramp, the catch-up's and the polling stage's events; volatile broadcasts are not written at all) are served by \`server.ts\` ahead of Next (\`lib/api/node-routes.ts\`) and written in batches (group commit). On SQLite a batch is one better-sqlite3 transaction on Prisma's driver adapter (\`lib/db/event-log/sqlite.ts\` \`writeAlone\`), no query engine: **the fast path**. On PostgreSQL it is a Prisma interactive transaction with the event log's advisory lock (\`lib/db/event-log/postgres.ts\`).
- **Inbox notifications** (the same route with \`notification\`): the same route and batching, but the users are looked up through Prisma, and each batch is a Prisma interactive transaction writing the events, the inbox rows and reading preferences (\`writeTriggers\` in \`lib/domain/broadcasts.ts\`), on both databases: no fast path.
- **Announcements** are served by \`server.ts\` too, and written in a Prisma transaction (the row and its event).
- **Booking actions, bookings and chat messages** go through Next's router and route handler, and each is one Prisma interactive transaction of its own (state, events and inbox rows together, \`lib/domain/transaction.ts\`), not batched, on both databases.
- **Handshakes**: on SQLite the session rows and the presence lookup go straight to the driver; on PostgreSQL through Prisma.`;

function rampRows(servers: readonly (readonly [string, TargetResults])[], pick: (t: TargetResults) => RampResult): string[][] {
  return servers.flatMap(([name, t]) => pick(t).stages.map((s) => [name, ...stageCells(s)]));
}

function stageCells(s: StageResult): string[] {
  const p = `${fmt(s.latency.p50, 1)} / ${fmt(s.latency.p95, 1)} / ${fmt(s.latency.p99, 1)}`;
  return [fmt(s.offeredRate), fmt(s.achievedRate), fmt(s.sent), fmt(s.errors), fmt(s.skipped), fmt(s.accepted - s.received), p, fmt(s.cpuMsPerRequest, 2)];
}

const STAGE_HEADER = ["offered/s", "achieved/s", "sent", "errors", "skipped", "lost", "p50 / p95 / p99 ms", "server CPU ms/request"];

function onlyOurs(name: string, t: TargetResults): string {
  const { catchUp, polling } = t;
  const caught = catchUp
    ? `Catch-up: a client away for ${fmt(catchUp.events)} events had ${fmt(catchUp.received)} of them through \`sync\` in ${fmt(catchUp.syncMs, 1)} ms (${catchUp.pages} pages; ${fmt(catchUp.connectAndSyncMs, 1)} ms including the connection). The missed events were written at ${fmt(catchUp.writesPerSecond)}/s, eight triggers at a time.`
    : "Catch-up: not measured.";
  const polled = polling
    ? `Polling fallback: ${polling.clients} clients polling every ${fmt(polling.intervalMs)} ms received ${fmt(polling.received)} of ${fmt(polling.events)} events, ${fmt(polling.errors)} errors. Delivery latency p50 / p95 / p99 ${fmt(polling.latency.p50, 1)} / ${fmt(polling.latency.p95, 1)} / ${fmt(polling.latency.p99, 1)} ms (about half the interval is waiting for the next poll); one poll request p50 / p99 ${fmt(polling.requestMs.p50, 1)} / ${fmt(polling.requestMs.p99, 1)} ms.`
    : "Polling fallback: not measured.";
  return `**${name}.** ${caught}\n\n${polled}`;
}

function bookingRows(name: string, b: BookingPathsResult | null): string[][] {
  if (!b) return [];
  return [
    [name, "accept → `booking:updated`", ...stageCells(b.accept)],
    [name, "chat message → `chat:message`", ...stageCells(b.chat)],
  ];
}

export function markdownReport(r: BenchResults): string {
  const servers = [
    ["Switchboard, SQLite", r.switchboard],
    ["Switchboard, PostgreSQL", r.switchboardPostgres],
    ["bare Socket.IO", r.baseline],
  ] as const;
  const ours = servers.slice(0, 2);
  const levelRows = servers.flatMap(([name, t]) =>
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
  const headline = HEADLINE.map(({ measure, pick, digits }) => {
    const [sqlite, postgres, bare] = servers.map(([, t]) => pick(t));
    return [measure, fmt(sqlite, digits), fmt(postgres, digits), fmt(bare, digits), fmt(ratio(sqlite, bare), 2), fmt(ratio(postgres, bare), 2)];
  });
  const stopped = (pick: (t: TargetResults) => RampResult) => servers.map(([name, t]) => `${name}: ${pick(t).stoppedBecause}`).join(". ");
  const prepared = ours.map(([name, t]) => (t.bookings ? `${name}: ${fmt(t.bookings.bookings)} pending bookings made in ${fmt(t.bookings.prepareMs / 1000, 1)} s` : `${name}: none`)).join("; ");
  return `# Bench results: ${r.mode} run

${r.note ? `> ${r.note}\n\n` : ""}${machineLine(r)} Three servers ran on this machine in the same run, one after the other (bare Socket.IO, Switchboard on SQLite, Switchboard on PostgreSQL), against the same load generators (${r.plan.workers} worker processes).

## Ratios to bare Socket.IO (at ${fmt(top(r.switchboard).connect.connections)} clients)

Ratio is Switchboard ÷ bare Socket.IO: above 1 means more (better for rates, worse for CPU, memory and latency). Server CPU per operation is the figure that other work on a shared machine disturbs least; latencies and rates move with the machine's load. Bare Socket.IO's inbox notification is an emit of \`notification:new\` beside the trigger's event, with nothing written.

${table(["measure", "SQLite", "PostgreSQL", "bare Socket.IO", "SQLite ÷ bare", "PostgreSQL ÷ bare"], headline)}

## The issue's goals

${table(["goal", "SQLite: this run", "SQLite", "PostgreSQL: this run", "PostgreSQL"], goalRows(r))}

## Which path each request takes

${PATHS}

## Connections, announcements and volatile broadcasts, by clients held

${table(
  ["server", "clients", "failed", "connects/s", "heap/conn KiB", "RSS/conn KiB", "announcement last ms", "announcement p50 / p95 / p99 ms", "announcements delivered", "volatile deliveries/s", "volatile delivered"],
  levelRows,
)}

## Targeted durable notifications at rising rates (request sent to event received)

One user each, no inbox notification. ${stopped((t) => t.targeted)}. The baseline's targeted emits are not durable: it is the ceiling of the transport, not a like-for-like write.

${table(["server", ...STAGE_HEADER], rampRows(servers, (t) => t.targeted))}

## Inbox notifications at rising rates (request sent to \`notification:new\` received)

\`POST /api/realtime/trigger\` with a \`notification\`, one user each: an inbox row through Prisma. ${stopped((t) => t.inbox)}.

${table(["server", ...STAGE_HEADER], rampRows(servers, (t) => t.inbox))}

## Booking actions and chat (request sent to event received at the client's socket)

Switchboard only (bare Socket.IO has no bookings). Before the stages the clients made pending bookings (\`POST /api/bookings\`) on ${fmt(r.plan.providers)} providers' services: ${prepared}. Then each provider accepted its bookings (\`POST /api/bookings/:id/accept\`, each once) and wrote in their chats (\`POST /api/bookings/:id/messages\`), open-loop for ${fmt(r.plan.pathStageMs / 1000, 1)} s each, with every client still connected.

${table(["server", "request → event", ...STAGE_HEADER], ours.flatMap(([name, t]) => bookingRows(name, t.bookings)))}

## Switchboard only: catch-up and polling

${ours.map(([name, t]) => onlyOurs(name, t)).join("\n\n")}

![p99 against load](${r.name}.svg)
`;
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
