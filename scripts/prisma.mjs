#!/usr/bin/env node
// Runs the Prisma CLI in its Rust-free mode for the provider that DATABASE_URL names.
//
//   node scripts/prisma.mjs generate          both clients (SQLite and PostgreSQL)
//   node scripts/prisma.mjs new-migration N   write migration N for both providers
//
// prisma/schema.prisma (SQLite) is the source; the PostgreSQL schema is derived from it
// here, so the two can never drift apart. Migrations are diffed from the schema as it was
// at the last migration (prisma/migrations/schema.snapshot.prisma), which needs no
// database; lib/db/migrate.ts applies them when the server starts. (Prisma's own
// `migrate deploy` cannot read PostgreSQL's catalog through adapter-pg: prisma/orm#27403.)
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const sourceSchema = join(root, "prisma/schema.prisma");
const postgresSchema = join(root, "prisma/generated/schema.postgres.prisma");
const cli = join(root, "node_modules/prisma/build/index.js");

function derivePostgresSchema() {
  const text = readFileSync(sourceSchema, "utf8")
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('url      = "file:placeholder.db"', 'url      = "postgresql://placeholder"')
    .replace('output          = "../lib/generated/sqlite"', 'output          = "../../lib/generated/postgres"');
  if (!text.includes('"postgresql"') || !text.includes("generated/postgres")) {
    throw new Error("prisma/schema.prisma no longer has the lines scripts/prisma.mjs rewrites");
  }
  mkdirSync(join(root, "prisma/generated"), { recursive: true });
  writeFileSync(postgresSchema, "// Derived from prisma/schema.prisma by scripts/prisma.mjs. Do not edit.\n" + text);
}

function prisma(args, env = {}) {
  return execFileSync(process.execPath, [cli, ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
    env: {
      ...process.env,
      // The CLI looks for native engine files at start although it never runs them.
      PRISMA_QUERY_ENGINE_LIBRARY: cli,
      PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false",
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      ...env,
    },
  });
}

const snapshot = join(root, "prisma/migrations/schema.snapshot.prisma");

function newMigration(name) {
  if (!/^[a-z0-9_]+$/.test(name ?? "")) throw new Error("usage: new-migration <snake_case_name>");
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const previous = existsSync(snapshot) ? readFileSync(snapshot, "utf8") : null;
  const scratch = mkdtempSync(join(tmpdir(), "switchboard-migration-"));
  try {
    for (const provider of ["sqlite", "postgres"]) {
      const schema = provider === "sqlite" ? sourceSchema : postgresSchema;
      let from = ["--from-empty"];
      if (previous !== null) {
        const old = join(scratch, `${provider}.prisma`);
        writeFileSync(old, provider === "sqlite" ? previous : previous.replace('provider = "sqlite"', 'provider = "postgresql"'));
        from = ["--from-schema-datamodel", old];
      }
      const sql = prisma(["migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script"]);
      const target = join(root, "prisma/migrations", provider, `${stamp}_${name}`);
      mkdirSync(target, { recursive: true });
      writeFileSync(join(target, "migration.sql"), sql);
      console.log(`wrote ${target}/migration.sql`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  copyFileSync(sourceSchema, snapshot);
}

const [command, ...rest] = process.argv.slice(2);
derivePostgresSchema();
if (command === "generate") {
  prisma(["generate", "--schema", sourceSchema]);
  prisma(["generate", "--schema", postgresSchema]);
} else if (command === "new-migration") {
  newMigration(rest[0]);
} else {
  process.stdout.write(prisma([command, ...rest]));
}
