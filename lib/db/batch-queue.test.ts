import { describe, expect, it } from "vitest";
import { BatchQueue } from "./batch-queue";

/** A writer that records each batch and lets the test decide when each one commits. */
function controlledWriter<T>() {
  const batches: T[][] = [];
  const commits: { commit: () => void; fail: (error: Error) => void }[] = [];
  let arrived: () => void = () => undefined;
  const write = (items: T[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push(items);
      commits.push({ commit: () => resolve(items.map((item) => `done:${String(item)}`)), fail: reject });
      arrived();
    });
  /** Resolves once the writer has been handed `n` batches in all. */
  const batchesWritten = (n: number) =>
    new Promise<void>((resolve) => {
      const check = () => (batches.length >= n ? resolve() : (arrived = check));
      check();
    });
  return { write, batches, commits, batchesWritten };
}

describe("BatchQueue", () => {
  it("puts what is submitted in one turn into one batch, and what arrives during a write into the next, in order", async () => {
    const writer = controlledWriter<number>();
    const log = new BatchQueue(writer.write);
    const first = [1, 2, 3].map((n) => log.submit(n));
    await writer.batchesWritten(1);
    const second = [4, 5].map((n) => log.submit(n));
    expect(writer.batches).toEqual([[1, 2, 3]]); // nothing new starts while a batch is being written
    writer.commits[0].commit();
    await writer.batchesWritten(2);
    writer.commits[1].commit();
    expect(await Promise.all([...first, ...second])).toEqual(["done:1", "done:2", "done:3", "done:4", "done:5"]);
    expect(writer.batches).toEqual([[1, 2, 3], [4, 5]]);
  });

  it("answers nobody before their batch has committed", async () => {
    const writer = controlledWriter<string>();
    const log = new BatchQueue(writer.write);
    let settled = false;
    const answer = log.submit("a").then(() => (settled = true));
    await writer.batchesWritten(1);
    await Promise.resolve();
    expect(settled).toBe(false);
    writer.commits[0].commit();
    await answer;
    expect(settled).toBe(true);
  });

  it("fails every item of a batch the writer rejects, and only those", async () => {
    const writer = controlledWriter<string>();
    const log = new BatchQueue(writer.write);
    const doomed = [log.submit("a"), log.submit("b")];
    await writer.batchesWritten(1);
    const later = log.submit("c");
    writer.commits[0].fail(new Error("constraint failed"));
    await expect(doomed[0]).rejects.toThrow("constraint failed");
    await expect(doomed[1]).rejects.toThrow("constraint failed");
    await writer.batchesWritten(2);
    writer.commits[1].commit();
    await expect(later).resolves.toBe("done:c");
  });

  it("splits a long queue into batches of at most maxBatch", async () => {
    const batches: number[][] = [];
    const log = new BatchQueue(async (items: number[]) => {
      batches.push(items);
      return items;
    }, 2);
    expect(await Promise.all([1, 2, 3, 4, 5].map((n) => log.submit(n)))).toEqual([1, 2, 3, 4, 5]);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("rejects a writer's answer of the wrong length rather than mismatching results", async () => {
    const log = new BatchQueue(async (items: number[]) => items.slice(1));
    await expect(log.submit(1)).rejects.toThrow("returned 0 results for 1 items");
  });

  it("on close, writes everything already submitted, then refuses more", async () => {
    const writer = controlledWriter<number>();
    const log = new BatchQueue(writer.write);
    const first = log.submit(1);
    await writer.batchesWritten(1);
    const queued = log.submit(2);
    const closing = log.close();
    await expect(log.submit(3)).rejects.toThrow("closed");
    writer.commits[0].commit();
    await writer.batchesWritten(2);
    writer.commits[1].commit();
    await closing;
    expect(await Promise.all([first, queued])).toEqual(["done:1", "done:2"]);
    expect(writer.batches).toEqual([[1], [2]]);
    expect(log.pending).toBe(0);
  });
});
