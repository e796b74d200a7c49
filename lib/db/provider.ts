/**
 * Which database a `DATABASE_URL` points at. Unset or `file:` means the embedded SQLite
 * default; `postgres://` or `postgresql://` means PostgreSQL.
 */
export type DatabaseProvider = "sqlite" | "postgres";

export const DEFAULT_DATABASE_URL = "file:./data/switchboard.db";

export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
}

export function databaseProvider(url: string): DatabaseProvider {
  if (/^postgres(ql)?:\/\//.test(url)) return "postgres";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(`DATABASE_URL must start with file: or postgres://, got "${url.split(":")[0]}:"`);
}

/** The file path of a `file:` URL, relative to the working directory like Prisma's. */
export function sqliteFilePath(url: string): string {
  return url.slice("file:".length).split("?")[0];
}
