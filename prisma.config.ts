// Prisma CLI configuration, Rust-free: the CLI's JS schema engine needs a driver adapter
// even for `generate` and `migrate diff`. Run the CLI through `node scripts/prisma.mjs`,
// which sets the engine variables; migrations are applied by lib/db/migrate.ts.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseProvider, databaseUrl, sqliteFilePath } from "./lib/db/provider";

const url = databaseUrl();
const provider = databaseProvider(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: provider === "postgres" ? "prisma/generated/schema.postgres.prisma" : "prisma/schema.prisma",
  async adapter() {
    if (provider === "postgres") return new PrismaPg({ connectionString: url });
    mkdirSync(dirname(sqliteFilePath(url)), { recursive: true });
    return new PrismaBetterSQLite3({ url });
  },
});
