#!/usr/bin/env node
// The quick start: `npm run demo` on a fresh clone installs the packages, writes secrets
// of its own into .env (once), builds when the sources changed (scripts/prepare.mjs), and
// starts the server, seeded with the demo accounts, on SQLite at http://localhost:3000.
import { spawn } from "node:child_process";
import { prepare } from "./prepare.mjs";

prepare();

const port = process.env.PORT ?? "3000";
const server = spawn("npx", ["tsx", "server.ts"], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production", PORT: port, NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}` },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
