#!/usr/bin/env node
// The quick start: `npm run demo` on a fresh clone installs the packages, writes secrets
// of its own into .env (once), builds when the sources changed (scripts/prepare.mjs), and
// starts the server, seeded with the demo accounts, on SQLite at http://localhost:3000.
import { prepare } from "./prepare.mjs";
import { runServer } from "./server-process.mjs";

prepare();

const port = process.env.PORT ?? "3000";
// The demo is the one production start that seeds the public demo accounts (an .env from before this rule says only SEED_DEMO).
runServer({ ...process.env, NODE_ENV: "production", ALLOW_DEMO_IN_PRODUCTION: "1", PORT: port, NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}` });
