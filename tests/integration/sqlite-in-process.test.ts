import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * Data-layer paths tested in this process against a real SQLite file (no server): the
 * event log's write on the driver (SqliteEventLog.writeAlone, lib/db/event-log/sqlite.ts)
 * stores what Prisma's own writes store and never writes into a transaction Prisma holds
 * open; batched lookups stay within SQLite's bound-value limit.
 */
const dir = mkdtempSync(join(tmpdir(), "switchboard-sqlite-in-process-"));
process.env.DATABASE_URL = `file:${join(dir, "events.db")}`;
// Past SQLite's 999 bound values, as an operator may set it (the setting allows 10,000).
process.env.RETENTION_BATCH_SIZE = "2000";

const { migrate } = await import("../../lib/db/migrate");
const { db } = await import("../../lib/db/client");
const { composeServices, closeServices } = await import("../../lib/compose");
const file = join(dir, "events.db");
/** A connection of the test's own, beside Prisma's. */
const sqlite = new Database(file, { timeout: 5000 });
const { recordEvents, transactionWithEvents } = await import("../../lib/domain/transaction");
const { connectionSessions, counterpartsOf } = await import("../../lib/realtime/presence");
const { triggerEvent } = await import("../../lib/domain/broadcasts");
const { eventsSince } = await import("../../lib/domain/catch-up");
const { runRetention } = await import("../../lib/domain/retention");

/** `count` users inserted straight into the database: CLIENTs named `<prefix>-<i>`. */
function insertUsers(prefix: string, count: number): string[] {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const insert = sqlite.prepare(`INSERT INTO "User" (id, email, name, role, "passwordHash", "createdAt") VALUES (?, ?, ?, 'CLIENT', 'x', ?)`);
  const now = new Date().toISOString().replace("Z", "+00:00");
  sqlite.transaction(() => ids.forEach((id) => insert.run(id, `${id}@example.com`, id, now)))();
  return ids;
}

beforeAll(async () => {
  await migrate(process.env.DATABASE_URL!);
  composeServices();
});
afterAll(async () => {
  await closeServices();
  sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("durable events written on the driver on SQLite", () => {
  it("Prisma's connection runs with synchronous = NORMAL (WAL) by default", async () => {
    const [{ synchronous }] = await db().$queryRawUnsafe<{ synchronous: bigint | number }[]>("PRAGMA synchronous");
    expect(Number(synchronous)).toBe(1);
  });

  it("store rows exactly as a Prisma transaction stores them, ids in order", async () => {
    const direct = await recordEvents([
      { type: "test:direct", data: { n: 1 }, targets: ["user:a", "user:a", "role:CLIENT"] },
      { type: "test:direct", data: { n: 2 }, targets: ["all"] },
    ]);
    const { events: viaPrisma } = await transactionWithEvents(async (outbox) => void outbox.triggered("test:prisma", { n: 3 }, ["user:a"]));
    const ids = [...direct, ...viaPrisma].map((e) => e.envelope.eventId!);
    expect(ids).toEqual([ids[0], ids[0] + 1, ids[0] + 2]);
    expect(direct.map((e) => e.targets)).toEqual([["user:a", "role:CLIENT"], ["all"]]);

    const rows = await db().event.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" }, include: { targets: true } });
    expect(rows.map((row) => [row.type, JSON.parse(row.payload), row.targets.map((t) => t.target).sort()])).toEqual([
      ["test:direct", { n: 1 }, ["role:CLIENT", "user:a"]],
      ["test:direct", { n: 2 }, ["all"]],
      ["test:prisma", { n: 3 }, ["user:a"]],
    ]);
    expect(rows[0].createdAt.toISOString()).toBe(direct[0].envelope.ts);
    const stored = sqlite.prepare(`SELECT "createdAt" FROM "Event" WHERE id IN (?, ?) ORDER BY id`).pluck().all(ids[0], ids[2]) as string[];
    expect(stored[0].replace(/\d/g, "9")).toBe(stored[1].replace(/\d/g, "9"));
  });

  it("wait for Prisma's open transaction rather than write inside it: its rollback takes nothing of theirs", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let opened!: () => void;
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    const rolledBack = db()
      .$transaction(async (tx) => {
        await tx.event.create({ data: { type: "test:rolled-back", payload: "{}" } });
        opened();
        await gate;
        throw new Error("roll back");
      })
      .catch((error: Error) => error.message);

    await isOpen;
    const written = recordEvents([{ type: "test:beside", data: {}, targets: ["user:b"] }]);
    release();
    expect(await rolledBack).toBe("roll back");
    const [event] = await written;
    const rows = await db().event.findMany({ where: { type: { in: ["test:beside", "test:rolled-back"] } } });
    expect(rows.map((row) => [row.id, row.type])).toEqual([[event.envelope.eventId, "test:beside"]]);
  });
});

describe("connection sessions written on the driver on SQLite", () => {
  it("are opened, upgraded and closed as Prisma reads them; a row that cannot be written fails alone", async () => {
    const [alice, bob] = insertUsers("session", 2);
    const opened = connectionSessions.open({ userId: alice, socketId: "s-1", node: "n-1", transport: "polling" });
    const orphan = connectionSessions.open({ userId: "no-such-user", socketId: "s-2", node: "n-1", transport: "websocket" });
    const other = connectionSessions.open({ userId: bob, socketId: "s-3", node: "n-1", transport: "websocket" });
    connectionSessions.upgrade(opened, "websocket");
    connectionSessions.close(opened);
    await connectionSessions.flush();

    const rows = await db().connectionSession.findMany({ where: { id: { in: [opened, orphan, other] } }, orderBy: { socketId: "asc" } });
    expect(rows.map((row) => [row.id, row.userId, row.transport, row.disconnectedAt !== null])).toEqual([
      [opened, alice, "websocket", true],
      [other, bob, "websocket", false],
    ]);
    expect(Math.abs(rows[0].connectedAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(await connectionSessions.lastSeen(alice)).toBe(rows[0].disconnectedAt!.toISOString());
  });
});

describe("lists of ids past SQLite's 999 bound values", () => {
  it("a trigger with a notification to 1,000 users (the most `to.users` takes) reaches every inbox", async () => {
    const users = insertUsers("many", 1000);
    const notification = { title: "Maintenance", body: "tonight", priority: "low" as const };
    const sent = await triggerEvent({ event: "test:many", to: { users }, durable: true, notification });
    expect(sent.eventId).toEqual(expect.any(Number));
    expect(await db().notification.count({ where: { title: "Maintenance", userId: { startsWith: "many-" } } })).toBe(1000);

    const strangers = [...users.slice(1), "nobody"];
    await expect(triggerEvent({ event: "test:many", to: { users: strangers }, durable: true, notification })).rejects.toMatchObject({ kind: "invalid", field: "to.users" });
  });

  it("a catch-up page of 1,000 events", async () => {
    const [userId] = insertUsers("reader", 1);
    const since = (await db().event.aggregate({ _max: { id: true } }))._max.id ?? 0;
    await recordEvents(Array.from({ length: 1001 }, (_, i) => ({ type: "test:page", data: { i }, targets: [`user:${userId}`] })));
    const page = await eventsSince({ id: userId, email: "", name: userId, role: "CLIENT" }, since, { limit: 1000 });
    expect(page.events.map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(page.hasMore).toBe(true);
  });

  it("a retention batch of 2,000", async () => {
    const old = new Date(Date.now() - 400 * 86_400_000);
    await db().userActivity.createMany({ data: Array.from({ length: 1500 }, () => ({ userId: "gone", role: "CLIENT" as const, kind: "page-view", path: "/", node: "n", createdAt: old })) });
    const { removed } = await runRetention();
    expect(removed.activity).toBe(1500);
    expect(await db().userActivity.count()).toBe(0);
  });

  it("presence: 1,000 users going offline at once (a node's clients after a network blip) get their counterparts", async () => {
    const users = Array.from({ length: 1000 }, (_, i) => `mass-${i}`);
    const answers = await Promise.all([...users, users[0]].map(counterpartsOf));
    expect(answers).toEqual(Array.from({ length: 1001 }, () => []));
  });
});
