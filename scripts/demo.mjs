#!/usr/bin/env node
// The quick start: `npm run demo` on a fresh clone installs the packages, writes secrets
// of its own into .env (once), builds when the sources changed, and starts the server,
// seeded with the demo accounts, on SQLite at http://localhost:3000.
import { execSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
process.chdir(root);
const run = (command) => execSync(command, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });

if (!existsSync("node_modules")) {
  console.log("› installing packages (npm ci)");
  run("npm ci --no-audit --no-fund");
}

if (!existsSync(".env")) {
  const secret = () => randomBytes(32).toString("base64url");
  writeFileSync(
    ".env",
    [
      "# Written once by `npm run demo`. Keep it out of version control.",
      `NEXTAUTH_SECRET=${secret()}`,
      `INTERNAL_API_SECRET=${secret()}`,
      `WEBHOOK_SECRET=${secret()}`,
      "DATABASE_URL=file:./data/switchboard.db",
      "SEED_DEMO=1",
      "",
    ].join("\n"),
    { mode: 0o600 },
  );
  console.log("› wrote .env with fresh secrets");
}

/** The newest modification time under the given paths (the build is stale if older). */
function newest(paths) {
  let latest = 0;
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const stat = statSync(path);
    if (stat.isDirectory()) latest = Math.max(latest, newest(readdirSync(path).map((name) => join(path, name))));
    else latest = Math.max(latest, stat.mtimeMs);
  }
  return latest;
}

const buildId = ".next/BUILD_ID";
const sources = ["app", "components", "hooks", "lib", "next.config.js", "package-lock.json", "postcss.config.mjs"];
if (!existsSync(buildId) || newest(sources) > statSync(buildId).mtimeMs) {
  console.log("› building (next build)");
  run("npx next build");
}

const port = process.env.PORT ?? "3000";
const server = spawn("npx", ["tsx", "server.ts"], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production", PORT: port, NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}` },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
