import { describe, expect, it } from "vitest";
import { ApiClient, DEMO_PASSWORD } from "./support/api";
import { useCluster, useRedis } from "./support/cluster";
import type { TestServer } from "./support/server";

/**
 * Password guessing against a cluster: the sign-in counters live in Redis, so failures on
 * one node count on every node (a guesser does not get the limit once per node). With Redis
 * away, each node keeps counting in its own memory: sign-in neither fails nor goes unthrottled.
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
    await expect.poll(() => nodeA.logs(), { timeout: 10_000 }).toContain("sign-in throttle: Redis is away");
    expect((await tokenFor(nodeA, "provider@demo.test", DEMO_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await tokenFor(nodeA, "client@demo.test", `guess-${i}`)).status).toBe(401);
    const blocked = await tokenFor(nodeA, "client@demo.test", DEMO_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("RATE_LIMITED");
  });
});
