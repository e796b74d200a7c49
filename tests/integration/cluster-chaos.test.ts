import { describe, expect, it } from "vitest";
import { future, type ApiClient } from "./support/api";
import { audienceIds } from "./support/audience";
import { liveClient, through, useCluster } from "./support/cluster";
import { serviceOf } from "./support/fixtures";
import type { TestServer } from "./support/server";
import { latestEventId, triggerAsService, whenStatus } from "./support/sockets";

/**
 * Chaos on the three-node cluster (PostgreSQL, Redis, nginx): writers on every node at once
 * (triggers, bookings and their steps, announcements), the dashboards' client
 * (lib/realtime/client/) for every demo user through nginx, dropped at random moments
 * (some drops Socket.IO's session recovery can mend, some it cannot: the client stops and
 * starts again), and the node holding the most clients killed with SIGKILL mid-run and
 * started again. Afterwards each client catches up, and the durable events its listeners
 * were given are exactly those the event log addresses to it (none missing, none extra),
 * each once, in id order.
 *
 * The schedule is random from a seed, printed on failure; CHAOS_SEED=<seed> runs it again
 * (each loop draws from its own generator, so its choices repeat; how they interleave with
 * the others, and which node nginx gives each client, still varies).
 */

/** mulberry32: a small seeded generator, enough for a test's schedule. */
function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, below: (n: number) => Math.floor(next() * n), pick: <T>(items: T[]) => items[Math.floor(next() * items.length)] };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writers of triggers and announcements, beside one booking writer per demo client. */
const WRITERS = 3;
/** Acknowledged writes before the kill, while the node is down, and after it is back. */
const PHASE_WRITES = 40;
describe("chaos on three nodes behind nginx: writers on every node, clients dropped at random, a node killed and restarted", () => {
  const cluster = useCluster({ nodes: 3, nginx: true });

  it("every client ends with exactly the durable events addressed to it, once each, in id order", { timeout: 180_000 }, async ({ onTestFailed }) => {
    const seed = Number(process.env.CHAOS_SEED) || Math.floor(Math.random() * 2 ** 31);
    const began = Date.now();
    const story: string[] = [];
    const tell = (line: string) => story.push(`${((Date.now() - began) / 1000).toFixed(1)} s: ${line}`);
    onTestFailed(() => console.error(`cluster-chaos failed with seed ${seed} (CHAOS_SEED=${seed} to run it again)\n${story.join("\n")}`));

    const { users, nodes, nginx, database } = cluster;
    const { client, client2, provider, provider2, admin, staff } = users;
    const start = await latestEventId(nodes[0]);
    // Two people have a second tab. The server keeps admins and staff in `admin` whether they
    // ask or not (one admin tab does not, the staff tab asks as its dashboard does).
    const tabs: { user: ApiClient; rooms: string[] }[] = [
      { user: client, rooms: [] },
      { user: client, rooms: [] },
      { user: client2, rooms: [] },
      { user: provider, rooms: [] },
      { user: provider2, rooms: [] },
      { user: admin, rooms: [] },
      { user: admin, rooms: ["admin"] },
      { user: staff, rooms: ["admin"] },
    ];
    const watchers = await Promise.all(
      tabs.map(async (tab) => ({ ...tab, ...(await liveClient(tab.user, nginx!, { initialCursor: start, rooms: tab.rooms })) })),
    );

    try {
      // ── Writers, each write through a node drawn at random from those running, until the
      // chaos below has run its course and enough writes came after it ──
      const running = new Set<TestServer>(nodes);
      const writesPerNode = new Map<TestServer, number>(nodes.map((node) => [node, 0]));
      const inFlight = new Map<TestServer, number>(nodes.map((node) => [node, 0]));
      let acked = 0;
      let failed = 0;
      let enough = false;
      /** One write through a running node; a node killed under it fails it, which the log (not the writer) settles. */
      const write = async <T,>(rng: ReturnType<typeof seeded>, send: (node: TestServer) => Promise<T>): Promise<T | undefined> => {
        const node = rng.pick([...running]);
        inFlight.set(node, inFlight.get(node)! + 1);
        try {
          const answer = await send(node);
          acked++;
          writesPerNode.set(node, writesPerNode.get(node)! + 1);
          return answer;
        } catch {
          failed++;
          return undefined;
        } finally {
          inFlight.set(node, inFlight.get(node)! - 1);
        }
      };

      const id = (who: ApiClient) => who.user!.id;
      const audiences = [
        { users: [id(client)] },
        { users: [id(client2), id(provider)] },
        { users: [id(provider2), id(staff)] },
        { users: [id(admin)], roles: ["CLIENT" as const] },
        { roles: ["PROVIDER" as const, "STAFF" as const] },
        { roles: ["ADMIN" as const] },
        { rooms: ["admin"] },
      ];
      // Triggers (the internal secret) to a random audience, and now and then an admin's announcement.
      const broadcasters = Array.from({ length: WRITERS }, async (_, writer) => {
        const rng = seeded(seed + writer);
        for (let i = 0; !enough; i++) {
          if (rng.below(8) > 0) {
            await write(rng, (node) => triggerAsService(node, { event: "chaos:tick", data: { writer, i }, to: rng.pick(audiences) }));
          } else {
            const roles = rng.pick([undefined, ["CLIENT"], ["PROVIDER", "ADMIN"]]);
            await write(rng, (node) => through(admin, node).post("/api/realtime/announcement", { message: `chaos ${writer}.${i}`, level: "info", roles }));
          }
        }
      });
      // Each client books their provider's first service; the booking then ends one way or another.
      const services = { client: await serviceOf(users, "provider"), client2: await serviceOf(users, "provider2") };
      const bookings = (["client", "client2"] as const).map(async (who, n) => {
        const rng = seeded(seed + 10 + n);
        const party = { client: users[who], provider: who === "client" ? provider : provider2 };
        for (let i = 0; !enough; i++) {
          const booked = await write(rng, (node) =>
            through(party.client, node).post("/api/bookings", { serviceId: services[who].id, scheduledAt: future(24 + i) }),
          );
          if (booked?.status !== 201) continue; // all units held (a step cut off by the kill), or no answer
          const steps = rng.pick([
            [["provider", "accept"], ["client", "cancel"]],
            [["provider", "reject"]],
            [["client", "cancel"]],
          ] as const);
          for (const [actor, step] of steps) {
            const done = await write(rng, (node) => through(party[actor], node).post(`/api/bookings/${booked.body.booking.id}/${step}`));
            if (done?.status !== 200) break;
          }
        }
      });
      const writing = Promise.all([...broadcasters, ...bookings]);

      // ── Drops: a transport closed under the client (recovery may mend it), or the client stopped and started again (it cannot) ──
      const drops = { transport: 0, restart: 0 };
      const dropper = (async () => {
        const rng = seeded(seed + 30);
        while (!enough) {
          const watcher = rng.pick(watchers);
          if (rng.next() < 0.5) {
            drops.transport++;
            watcher.drop();
          } else {
            drops.restart++;
            watcher.realtime.stop();
            await pause(rng.below(300));
            watcher.realtime.start();
          }
          await pause(50 + rng.below(250));
        }
      })();

      // ── The kill: the node with the most clients, SIGKILL while a write to it is in flight, started again later ──
      const chaos = (async () => {
        const until = (condition: () => boolean, message: string) => expect.poll(condition, { timeout: 60_000, interval: 20, message }).toBe(true);
        await until(() => acked >= PHASE_WRITES, "writes before the kill");
        const rows: { node: string }[] = (await through(admin, nodes[0]).get("/api/realtime/connections")).body.connections;
        const perNode = nodes.map((_, i) => rows.filter((row) => row.node === `node-${String.fromCharCode(97 + i)}`).length);
        const victim = nodes[perNode.indexOf(Math.max(...perNode))];
        await until(() => inFlight.get(victim)! > 0, "a write to the node to kill");
        running.delete(victim);
        await victim.kill();
        const killedAt = acked;
        tell(`killed node ${nodes.indexOf(victim)} after ${killedAt} writes, holding ${Math.max(...perNode)} of ${rows.length} sockets`);
        await until(() => acked >= killedAt + PHASE_WRITES, "writes while a node is down");
        await victim.resume();
        running.add(victim);
        const [restartedAt, itsWrites] = [acked, writesPerNode.get(victim)!];
        tell(`restarted it after ${restartedAt} writes`);
        await until(() => writesPerNode.get(victim)! > itsWrites && acked >= restartedAt + PHASE_WRITES, "writes through it and the others after the restart");
        return { victim, victimSockets: Math.max(...perNode) };
      })().finally(() => (enough = true));

      await writing;
      await dropper;
      const { victim, victimSockets } = await chaos;
      tell(`writes: ${acked} acknowledged, ${failed} failed; drops: ${JSON.stringify(drops)}`);

      // ── Afterwards: every client live again, caught up, and holding exactly its audience ──
      await Promise.all(watchers.map((w) => whenStatus(w.realtime, "live", 30_000)));
      await Promise.all(watchers.map((w) => w.realtime.catchUp()));
      for (const [n, w] of watchers.entries()) {
        const who = `tab ${n} (${w.user.user!.email}, seed ${seed})`;
        const comparison = async () => {
          const want = await audienceIds(database, w.user.user!, w.rooms, start);
          const got = new Set(w.durable());
          return { missing: want.filter((e) => !got.has(e)), extra: [...got].filter((e) => !want.includes(e)) };
        };
        await expect.poll(comparison, { timeout: 30_000, message: `${who}: received and synced events equal its audience in the log` }).toEqual({
          missing: [],
          extra: [],
        });
        const ids = w.durable();
        expect(ids.filter((e, i) => ids.indexOf(e) !== i), `${who}: no event given twice`).toEqual([]);
        expect(ids, `${who}: in id order`).toEqual([...ids].sort((a, b) => a - b));
        tell(`${who}: ${ids.length} events; reconnections ${JSON.stringify(w.connects)}`);
      }

      // The chaos happened: writes went through every node, the kill took sockets with it, and
      // some reconnections were sessions recovery restored, some it could not (caught up by `sync` alone).
      expect([...writesPerNode.values()].every((count) => count > 0), "every node took writes").toBe(true);
      expect(victim.running(), "the killed node runs again").toBe(true);
      expect(victimSockets, "the killed node held clients").toBeGreaterThan(0);
      expect(watchers.reduce((sum, w) => sum + w.connects.fresh, 0), "reconnections recovery could not mend").toBeGreaterThan(0);
      expect(watchers.reduce((sum, w) => sum + w.connects.recovered, 0), "reconnections recovery mended").toBeGreaterThan(0);
    } finally {
      for (const w of watchers) w.realtime.stop();
    }
  });
});
