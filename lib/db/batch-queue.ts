/**
 * Under load, how long a batch waits for company before it is written: a little latency
 * traded for fewer transactions (PostgreSQL's commit_delay, Kafka's linger.ms).
 */
const BATCH_WINDOW_MS = 4;

/**
 * Batches of work done one at a time: callers `submit` an item and wait; one batch is
 * processed at a time, and whatever arrived while it ran goes into the next one. Under
 * light load a batch is a single item and waits for nothing more than the end of the
 * event loop's turn; under load (a batch began less than BATCH_WINDOW_MS ago) it waits
 * that long, and one batch carries many, so the fixed cost of a round (a transaction with
 * its queries, lock and commit; or one query answering many callers) is paid once per
 * batch, not per caller.
 *
 * For writes this is group commit: each caller's promise settles only after its own batch
 * has committed, with the result the writer gave for its item. A batch is all or nothing:
 * when the writer throws, every item of that batch fails with the error and nothing of it
 * was written (the writer runs the batch in one transaction). Batches run in the order
 * their items arrived.
 *
 * @example
 * const log = new BatchQueue((items: Row[]) => db().$transaction((tx) => insertAll(tx, items)));
 * const id = await log.submit(row); // committed when this resolves
 */
export class BatchQueue<Item, Result> {
  private queue: { item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }[] = [];
  private writing: Promise<void> | null = null;
  private closed = false;
  private lastBatchAt = Number.NEGATIVE_INFINITY;

  constructor(
    /** Writes a batch in one transaction; resolves with one result per item, in order. */
    private readonly write: (items: Item[]) => Promise<Result[]>,
    private readonly maxBatch = 500,
  ) {}

  /** Queues one item; resolves once the batch holding it has committed. */
  submit(item: Item): Promise<Result> {
    if (this.closed) return Promise.reject(new Error("BatchQueue: closed, no more writes are accepted"));
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.writing ??= this.drain();
    });
  }

  /** Items waiting for a batch (not counting the batch being written). */
  get pending(): number {
    return this.queue.length;
  }

  /** Resolves once everything submitted so far has been written (or has failed); new items are still accepted. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** Refuses new items and resolves once everything already submitted has been written (or has failed). */
  async close(): Promise<void> {
    this.closed = true;
    await this.writing;
  }

  private async drain(): Promise<void> {
    for (;;) {
      // Wait at least for the event loop's turn to end, so everything read from the network
      // in it joins the batch: a synchronous driver (better-sqlite3) never yields to I/O
      // while it writes, so requests that arrive together would otherwise still be written
      // one batch each. Under load, wait the window too: a transaction's fixed cost (about
      // 0.5 ms of CPU through Prisma) would otherwise take the CPU the requests need.
      const underLoad = performance.now() - this.lastBatchAt < BATCH_WINDOW_MS;
      await new Promise((resolve) => (underLoad ? setTimeout(resolve, BATCH_WINDOW_MS) : setImmediate(resolve)));
      if (!this.queue.length) break;
      this.lastBatchAt = performance.now();
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const results = await this.write(batch.map((entry) => entry.item));
        if (results.length !== batch.length) throw new Error(`BatchQueue: the writer returned ${results.length} results for ${batch.length} items`);
        batch.forEach((entry, i) => entry.resolve(results[i]));
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    this.writing = null;
  }
}
