import { execFile } from "node:child_process";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "./server";

/**
 * A PostgreSQL server of the test's own, in a temporary directory on a free port, that the
 * test may stop and start (the shared one on 5432 must never be stopped). The binaries must
 * run as the `postgres` user, so the commands go through `runuser` and the directory belongs
 * to postgres. Anything missing fails with a message that says what and how to fix it.
 */

const BIN = process.env.TEST_POSTGRES_BIN ?? "/usr/lib/postgresql/15/bin";
const run = promisify(execFile);

export type OwnPostgres = {
  /** postgresql://postgres@127.0.0.1:<port>/postgres, for startServer's postgresAdminUrl. */
  adminUrl: string;
  /** Stops the server at once, as a crash or a lost host would (in-flight transactions are lost). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it (if running) and deletes its data. */
  destroy(): Promise<void>;
};

async function asPostgres(program: string, args: string[]): Promise<void> {
  const command = ["runuser", "-u", "postgres", "--", join(BIN, program), ...args];
  try {
    await run(command[0], command.slice(1), { timeout: 60_000 });
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(
      `This test needs a PostgreSQL server of its own and could not run \`${command.join(" ")}\`: ${stderr?.trim() || message}\n` +
        `It needs root (for runuser), a "postgres" user and the PostgreSQL 15 binaries in ${BIN} (TEST_POSTGRES_BIN to point elsewhere).`,
    );
  }
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  if (userInfo().uid !== 0) throw new Error("This test needs a PostgreSQL server of its own, started through runuser, which needs root.");
  const dir = mkdtempSync(join(tmpdir(), "switchboard-own-pg-"));
  const data = join(dir, "data");
  const port = await freePort();
  const ids = await Promise.all(["-u", "-g"].map((flag) => run("id", [flag, "postgres"]).then((r) => Number(r.stdout.trim()))))
    .catch(() => {
      throw new Error('This test needs a PostgreSQL server of its own, run as the "postgres" user, and there is no such user.');
    });
  chownSync(dir, ids[0], ids[1]);

  await asPostgres("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => asPostgres("pg_ctl", ["-D", data, "-o", options, "-l", join(dir, "log"), "-w", "-t", "60", "start"]);
  const stop = () => asPostgres("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
  await start();
  let running = true;
  return {
    adminUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await stop();
      running = false;
    },
    async start() {
      await start();
      running = true;
    },
    async destroy() {
      if (running) await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
