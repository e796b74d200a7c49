import { afterEach, describe, expect, it } from "vitest";
import { ApiClient, DEMO_PASSWORD } from "./support/api";
import { through, useCluster, useRedis } from "./support/cluster";
import type { TestServer } from "./support/server";
import { tryHandshake, type TestSocket } from "./support/sockets";

/**
 * Budgets against a cluster (lib/fair-use/budgets.ts): the counters live in Redis, so what is
 * spent on one node counts on every node (a user or guesser does not get the limit once per
 * node) and stays spent when a node restarts. With Redis away, each node keeps counting in
 * its own memory: nothing fails and nothing goes unlimited.
 */
const THROTTLE = { SIGNIN_MAX_FAILURES_PER_ACCOUNT: "3", SIGNIN_MAX_FAILURES_PER_ADDRESS: "50" };

const tokenFor = (node: TestServer, email: string, password: string) => new ApiClient(node).post("/api/token", { email, password });

describe("sign-in throttling across nodes", () => {
  const cluster = useCluster({ nodes: 2, env: THROTTLE });

  it("counts failures on every node together: two on node A and one on node B block the account on both", async () => {
    const [nodeA, nodeB] = cluster.nodes;
    for (const node of [nodeA, nodeA, nodeB]) expect((await tokenFor(node, "client@demo.test", "wrong-password")).status).toBe(401);
    for (const node of [nodeA, nodeB]) {
      const reply = await tokenFor(node, "client@demo.test", DEMO_PASSWORD);
      expect(reply.status).toBe(429);
      expect(reply.body.error.code).toBe("RATE_LIMITED");
    }
    expect((await tokenFor(nodeB, "client2@demo.test", DEMO_PASSWORD)).status).toBe(200);
  });

  it("guesses sent all at once, to both nodes, are held to the limit: each is counted before its password is checked", async () => {
    const burst = await Promise.all(cluster.nodes.flatMap((node) => Array.from({ length: 4 }, (_, i) => tokenFor(node, "provider2@demo.test", `burst-${i}`))));
    const statuses = burst.map((reply) => reply.status).sort();
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429, 429, 429]);
  });
});

describe("sign-in throttling while Redis is away", () => {
  const redis = useRedis();
  const cluster = useCluster({ nodes: 2, redisUrl: () => redis.url, env: THROTTLE });

  it("each node counts in its own memory: right passwords still sign in, and a guessed account is still blocked", async () => {
    const [nodeA] = cluster.nodes;
    await redis.stop();
    // Once the node has noticed, every counter operation must go to its memory, none wait for Redis.
    await expect.poll(() => nodeA.logs(), { timeout: 10_000 }).toContain("budgets: Redis is away");
    expect((await tokenFor(nodeA, "provider@demo.test", DEMO_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await tokenFor(nodeA, "client@demo.test", `guess-${i}`)).status).toBe(401);
    const blocked = await tokenFor(nodeA, "client@demo.test", DEMO_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("RATE_LIMITED");
  });
});

describe("request and socket budgets across nodes", () => {
  const cluster = useCluster({
    nodes: 2,
    env: { HTTP_REQUESTS_PER_USER_PER_MINUTE: "10", REALTIME_HANDSHAKES_PER_USER_PER_MINUTE: "4", REALTIME_MAX_SOCKETS_PER_USER: "2", SIGNIN_MAX_FAILURES_PER_ADDRESS: "20" },
  });
  const open: TestSocket[] = [];
  afterEach(() => {
    for (const socket of open.splice(0)) socket.close();
  });
  async function handshake(user: ApiClient, node: TestServer): Promise<string> {
    const { socket, outcome } = await tryHandshake(node, { token: user.token });
    open.push(socket);
    return outcome;
  }

  it("a user's requests count once for the cluster, and stay counted when a node restarts", async () => {
    const [nodeA, nodeB] = cluster.nodes;
    const { client, client2 } = cluster.users;
    for (const node of [nodeA, nodeB]) {
      for (let i = 0; i < 5; i++) expect((await through(client, node).get("/api/bookings")).status).toBe(200);
    }
    for (const node of [nodeA, nodeB]) expect((await through(client, node).get("/api/bookings")).status).toBe(429);
    await nodeA.halt();
    await nodeA.resume();
    const afterRestart = await through(client, nodeA).get("/api/bookings");
    expect(afterRestart.status).toBe(429);
    expect(afterRestart.body.error.code).toBe("RATE_LIMITED");
    expect((await through(client2, nodeA).get("/api/bookings")).status).toBe(200);
  }, 90_000);

  it("the socket cap and the handshake budget hold across nodes", async () => {
    const [nodeA, nodeB] = cluster.nodes;
    const { provider } = cluster.users;
    expect(await handshake(provider, nodeA)).toBe("connected");
    expect(await handshake(provider, nodeB)).toBe("connected");
    expect(await handshake(provider, nodeA)).toBe("too_many_connections");
    for (const socket of open.splice(0)) socket.close();
    await expect.poll(async () => (await through(provider, nodeB).get("/api/realtime/connection-status")).body.sockets).toBe(0);
    expect(await handshake(provider, nodeB)).toBe("connected");
    expect(await handshake(provider, nodeA)).toBe("rate_limited");
  });

  it("guessing a thousand emails from one address stores no more accounts than the address may fail", async () => {
    const [nodeA, nodeB] = cluster.nodes;
    const statuses = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const reply = await new ApiClient(i % 2 ? nodeA : nodeB).post("/api/token", { email: `guess-${i}@example.test`, password: "guess" });
      statuses.add(reply.status);
    }
    expect(statuses).toEqual(new Set([401, 429]));
    expect((await cluster.redisKeys("sign-in:account:*")).length).toBeLessThanOrEqual(20);
  }, 60_000);
});
