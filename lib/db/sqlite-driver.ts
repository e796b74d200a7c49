import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

type DriverAdapterFactory = PrismaBetterSQLite3;
type DriverAdapter = Awaited<ReturnType<DriverAdapterFactory["connect"]>>;
type Queryable = Pick<DriverAdapter, "queryRaw" | "executeRaw">;
type ArgType = Parameters<DriverAdapter["queryRaw"]>[0]["argTypes"][number];

/** A value bound to a statement; a Date is stored as Prisma stores a DateTime. */
export type SqlValue = string | number | Date | null;
export type Row = Record<string, unknown>;

/** Statements run on the driver, inside a transaction or not. */
export type SqlRunner = {
  all(sql: string, args?: SqlValue[]): Promise<Row[]>;
  run(sql: string, args?: SqlValue[]): Promise<number>;
};

/**
 * Prisma's SQLite driver adapter (the one connection Prisma uses), reached through its
 * public interface, for the few hot statements whose cost through Prisma's query engine
 * (a plan compiled per query shape, then interpreted) was several times the database's
 * own: the event log's writes and the session rows (docs/performance.md).
 *
 * The factory handed to Prisma is a wrapper of the library's factory that keeps the adapter
 * Prisma connects; nothing private is touched. `transaction` takes the adapter's own
 * transaction lock, the one Prisma's transactions take, so a write here and a Prisma
 * transaction never interleave on the connection.
 */
export class SqliteDriver {
  private adapter: Promise<DriverAdapter> | undefined;
  readonly factory: DriverAdapterFactory;
  /** Makes Prisma connect (set by whoever builds the Prisma client on `factory`). */
  connectPrisma: () => Promise<void> = () => Promise.reject(new Error("SqliteDriver: no Prisma client was built on this driver"));

  constructor(inner: DriverAdapterFactory, connectionPragmas: string) {
    const keep = async () => {
      const adapter = await inner.connect();
      await adapter.executeScript(connectionPragmas);
      return adapter;
    };
    this.factory = {
      provider: inner.provider,
      adapterName: inner.adapterName,
      connect: () => (this.adapter = keep()),
      connectToShadowDb: () => inner.connectToShadowDb(),
    } as DriverAdapterFactory;
  }

  /** The adapter Prisma connected (making it connect first). */
  private async connected(): Promise<DriverAdapter> {
    if (!this.adapter) await this.connectPrisma();
    return this.adapter!;
  }

  /** Statements outside any transaction. */
  async statements(): Promise<SqlRunner> {
    return runner(await this.connected());
  }

  /** `work` in one transaction of its own (BEGIN ... COMMIT, or ROLLBACK when it throws). */
  async transaction<T>(work: (sql: SqlRunner) => Promise<T>): Promise<T> {
    const tx = await (await this.connected()).startTransaction();
    const sql = runner(tx);
    try {
      const result = await work(sql);
      await sql.run("COMMIT");
      await tx.commit();
      return result;
    } catch (error) {
      await sql.run("ROLLBACK").catch(() => undefined);
      await tx.rollback();
      throw error;
    }
  }
}

function runner(on: Queryable): SqlRunner {
  return {
    async all(sql, args = []) {
      const result = await on.queryRaw({ sql, args, argTypes: args.map(argType) });
      return result.rows.map((values) => Object.fromEntries(result.columnNames.map((name, i) => [name, values[i]])));
    },
    run: (sql, args = []) => on.executeRaw({ sql, args, argTypes: args.map(argType) }),
  };
}

function argType(value: SqlValue): ArgType {
  const scalarType = value instanceof Date ? "datetime" : typeof value === "number" ? (Number.isInteger(value) ? "int" : "float") : "string";
  return { scalarType, arity: "scalar" };
}
