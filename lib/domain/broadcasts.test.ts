import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * Durable triggers are written in batches (group commit) on a real SQLite database: each
 * caller gets its own event's id, in the order they called, with its own audience keys and
 * inbox rows, and the batch is in the database before anyone is answered.
 */

const dir = mkdtempSync(join(tmpdir(), "switchboard-broadcasts-"));
process.env.DATABASE_URL = `file:${join(dir, "test.db")}`;

type Modules = {
  triggerEvent: typeof import("./broadcasts").triggerEvent;
  db: typeof import("../db/client").db;
  composeServices: typeof import("../compose").composeServices;
  closeServices: typeof import("../compose").closeServices;
};
let m: Modules;

beforeAll(async () => {
  const { migrate } = await import("../db/migrate");
  await migrate(process.env.DATABASE_URL!);
  const { triggerEvent } = await import("./broadcasts");
  const { db } = await import("../db/client");
  const { composeServices, closeServices } = await import("../compose");
  composeServices();
  m = { triggerEvent, db, composeServices, closeServices };
  for (const id of ["ann", "bob"]) {
    await db().user.create({ data: { id, email: `${id}@test.example`, name: id, role: "CLIENT", passwordHash: "!" } });
  }
});

afterAll(async () => {
  await m.closeServices();
  rmSync(dir, { recursive: true, force: true });
});

/** Each event's type, data and audience keys as stored. */
async function stored(ids: number[]) {
  const rows = await m.db().event.findMany({ where: { id: { in: ids } }, include: { targets: true }, orderBy: { id: "asc" } });
  return new Map(rows.map((row) => [row.id, { type: row.type, data: JSON.parse(row.payload), targets: row.targets.map((t) => t.target).sort() }]));
}

describe("durable triggers, batched", () => {
  it("gives each of many concurrent callers its own event, in the order they called, with its own audience", async () => {
    const inputs = Array.from({ length: 40 }, (_, i) => ({
      event: `test:n${i % 3}`,
      data: { i },
      to: i % 2 ? { users: ["ann"] } : { users: ["bob"], rooms: [`booking:b${i}`] },
      durable: true,
    }));
    const first = inputs.slice(0, 25).map((input) => m.triggerEvent(input)); // one turn: one batch
    await Promise.resolve();
    const second = inputs.slice(25).map((input) => m.triggerEvent(input));
    const results = await Promise.all([...first, ...second]);

    const ids = results.map((r) => r.eventId!);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    const rows = await stored(ids);
    results.forEach((result, i) => {
      expect(rows.get(result.eventId!)).toEqual({ type: inputs[i].event, data: { i }, targets: [...result.targets].sort() });
    });
  });

  it("with a notification: the caller gets the trigger's id, and each named user an inbox row and its notification:new after it", async () => {
    const { eventId } = await m.triggerEvent({
      event: "test:notified",
      data: { x: 1 },
      to: { users: ["ann", "bob"] },
      durable: true,
      notification: { title: "Hello", body: "", priority: "high" },
    });
    const rows = await stored([eventId!, eventId! + 1, eventId! + 2]);
    expect(rows.get(eventId!)).toMatchObject({ type: "test:notified", targets: ["user:ann", "user:bob"] });
    expect([rows.get(eventId! + 1)?.targets, rows.get(eventId! + 2)?.targets]).toEqual([["user:ann"], ["user:bob"]]);
    const inbox = await m.db().notification.findMany({ where: { title: "Hello" }, orderBy: { userId: "asc" } });
    expect(inbox.map((n) => n.userId)).toEqual(["ann", "bob"]);
    expect(rows.get(eventId! + 1)?.data.notification.id).toBe(inbox[0].id);
  });

  it("refuses a notification to a user who does not exist before it joins a batch, failing nobody else", async () => {
    const good = m.triggerEvent({ event: "test:fine", to: { users: ["ann"] }, durable: true });
    const bad = m.triggerEvent({ event: "test:bad", to: { users: ["ann", "nobody"] }, durable: true, notification: { title: "T", body: "", priority: "low" } });
    await expect(bad).rejects.toMatchObject({ kind: "invalid", field: "to.users" });
    const { eventId } = await good;
    expect((await stored([eventId!])).get(eventId!)?.type).toBe("test:fine");
    expect(await m.db().event.count({ where: { type: "test:bad" } })).toBe(0);
  });

  it("on shutdown, writes what was accepted before answering; services composed again take new triggers", async () => {
    const pending = Array.from({ length: 10 }, (_, i) => m.triggerEvent({ event: "test:flushed", data: { i }, to: { roles: ["CLIENT"] }, durable: true }));
    await m.closeServices();
    m.composeServices();
    expect(await m.db().event.count({ where: { type: "test:flushed" } })).toBe(10);
    expect((await Promise.all(pending)).every((r) => typeof r.eventId === "number")).toBe(true);
    await expect(m.triggerEvent({ event: "test:after", to: { users: ["bob"] }, durable: true })).resolves.toMatchObject({ targets: ["user:bob"] });
  });
});
