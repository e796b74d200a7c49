import pg from "pg";
import { describe, expect, it } from "vitest";
import { useServer } from "./support/fixtures";
import { DATABASES } from "./support/server";

describe.each(DATABASES)("health on %s", (kind) => {
  const ctx = useServer(kind, { NODE_ID: "node-under-test" });

  it("reports the node and a reachable database", async () => {
    const reply = await ctx.users.anonymous.get("/api/health");
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ ok: true, db: "up", node: "node-under-test" });
  });

  it("keeps idle connections longer than a proxy does (nginx: 60 s), so the proxy closes them first", async () => {
    const response = await fetch(`${ctx.server.url}/api/health`);
    await response.arrayBuffer();
    expect(response.headers.get("keep-alive")).toBe("timeout=65");
  });
});

describe("health when PostgreSQL turns the server away", () => {
  const ctx = useServer("postgres");

  it("answers 503 with a code while the database refuses connections, and recovers by itself", async () => {
    const { users, server } = ctx;
    const name = (await server.query<{ db: string }>("SELECT current_database() AS db"))[0].db;
    const admin = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [name]);
      const health = await users.anonymous.get("/api/health");
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ ok: false, db: "down" });
      const services = await users.client.get("/api/services");
      expect(services.status).toBe(503);
      expect(services.body.error.code).toBe("DB_UNAVAILABLE");
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await expect.poll(async () => (await users.anonymous.get("/api/health")).status, { timeout: 10_000 }).toBe(200);
    expect((await users.client.get("/api/services")).status).toBe(200);
  });
});
