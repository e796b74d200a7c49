/**
 * What only Switchboard has, so the baseline has no figure for it: catching up from the
 * event log over `sync`, and the HTTP polling fallback.
 */
import { openSocket, type BenchClient } from "./clients";
import { forEachLimited, sleep } from "./concurrency";
import { now, perSecond, roundMs, summarize, type LatencySummary } from "./stats";
import { post, type Target } from "./targets";

export type CatchUpResult = {
  events: number;
  received: number;
  pages: number;
  /** From the first `sync` to the last page. */
  syncMs: number;
  /** From opening the socket to the last page. */
  connectAndSyncMs: number;
  /** How fast the missed events were written, eight triggers at a time. */
  writesPerSecond: number;
};

export type PollingResult = {
  clients: number;
  intervalMs: number;
  events: number;
  received: number;
  errors: number;
  /** From the trigger request to the poll answer that carried the event. */
  latency: LatencySummary;
  /** One GET /api/realtime/events, request to answer. */
  requestMs: LatencySummary;
};

type Page = { events: { type: string; data: unknown }[]; cursor: number; hasMore: boolean };

/** A client away while `events` durable events were addressed to it comes back and pages through `sync` as the browser does. */
export async function catchUp(target: Target, away: BenchClient, events: number): Promise<CatchUpResult> {
  const before = await openSocket(target.url, away);
  before.socket.disconnect();

  const writing = now();
  await forEachLimited(events, 8, async (i) => {
    await post(target, "/api/realtime/trigger", target.internalAuth, { event: "bench:missed", data: { i }, to: { users: [away.userId] } }, 202, { keepAlive: true });
  });
  const writeMs = now() - writing;

  const opening = now();
  const { socket } = await openSocket(target.url, away);
  const syncing = now();
  let since = before.cursor;
  let received = 0;
  let pages = 0;
  try {
    for (;;) {
      const page = (await socket.timeout(10_000).emitWithAck("sync", { since })) as Page & { ok: boolean };
      if (!page.ok) throw new Error(`sync answered ${JSON.stringify(page)}`);
      pages++;
      received += page.events.filter((e) => e.type === "bench:missed").length;
      since = page.cursor;
      if (!page.hasMore) break;
    }
  } finally {
    socket.disconnect();
  }
  const done = now();
  return {
    events,
    received,
    pages,
    syncMs: roundMs(done - syncing),
    connectAndSyncMs: roundMs(done - opening),
    writesPerSecond: perSecond(events, writeMs),
  };
}

/**
 * Clients with no socket poll GET /api/realtime/events?since= every `intervalMs` (staggered,
 * as independent browsers would) while durable events for them go out at `ratePerSecond`
 * for `durationMs`.
 */
export async function pollingDelivery(
  target: Target,
  clients: BenchClient[],
  { intervalMs, ratePerSecond, durationMs }: { intervalMs: number; ratePerSecond: number; durationMs: number },
): Promise<PollingResult> {
  const latencies: number[] = [];
  const requestMs: number[] = [];
  let errors = 0;

  /** Pages from the client's cursor until nothing more is waiting; returns the new cursor. */
  const poll = async (client: BenchClient, cursor: number): Promise<number> => {
    for (;;) {
      const asked = now();
      const response = await fetch(`${target.url}/api/realtime/events?since=${cursor}`, { headers: { authorization: `Bearer ${client.token}` } });
      requestMs.push(now() - asked);
      if (response.status !== 200) {
        errors++;
        await response.arrayBuffer();
        return cursor;
      }
      const page = (await response.json()) as Page;
      const at = now();
      for (const event of page.events) if (event.type === "bench:polled") latencies.push(at - (event.data as { sentAt: number }).sentAt);
      cursor = page.cursor;
      if (!page.hasMore) return cursor;
    }
  };

  const cursors = await Promise.all(clients.map((client) => poll(client, 0)));
  requestMs.length = 0; // the first polls read history, not the load
  const events = Math.round((ratePerSecond * durationMs) / 1000);
  // Polling stops one interval (and a second for the request) after the last event was accepted.
  let stopAt = Number.POSITIVE_INFINITY;

  const pollers = clients.map(async (client, i) => {
    await sleep((i * intervalMs) / clients.length);
    let cursor = cursors[i];
    while (now() < stopAt && latencies.length < events) {
      const started = now();
      cursor = await poll(client, cursor);
      await sleep(Math.max(0, intervalMs - (now() - started)));
    }
  });

  const sending = now();
  const sends: Promise<unknown>[] = [];
  for (let k = 0; k < events; k++) {
    await sleep(Math.max(0, sending + (k * 1000) / ratePerSecond - now()));
    const body = { event: "bench:polled", data: { sentAt: now() }, to: { users: [clients[k % clients.length].userId] } };
    sends.push(post(target, "/api/realtime/trigger", target.internalAuth, body, 202).catch(() => errors++));
  }
  await Promise.all(sends);
  stopAt = now() + intervalMs + 1000;
  await Promise.all(pollers);

  return {
    clients: clients.length,
    intervalMs,
    events,
    received: latencies.length,
    errors,
    latency: summarize(latencies),
    requestMs: summarize(requestMs),
  };
}
