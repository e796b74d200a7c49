#!/usr/bin/env node
// `npm run cluster`: the reference deployment on one machine. Several nodes on PostgreSQL,
// sharing the machine's Redis, behind nginx (Debian's package) with the configuration of
// deploy/nginx.ts, at http://localhost:8080. Ctrl-C stops them all, gracefully.
// Settings (environment): CLUSTER_NODES (3), CLUSTER_PORT (8080, nginx), CLUSTER_NODE_PORT
// (3001, the first node; the others follow), CLUSTER_DATABASE_URL
// (postgresql://postgres@127.0.0.1:5432/switchboard), REDIS_URL (redis://127.0.0.1:6379).
// See docs/deployment.md.
// It runs under tsx's loader (`node --import tsx`, see package.json), so run `npm install` first.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { nginxCommand, standaloneConfig } from "../deploy/nginx.ts";
import { prepare } from "./prepare.mjs";
import { spawnServer } from "./server-process.mjs";

prepare();

const nodeCount = Number(process.env.CLUSTER_NODES ?? 3);
const publicPort = Number(process.env.CLUSTER_PORT ?? 8080);
const firstNodePort = Number(process.env.CLUSTER_NODE_PORT ?? 3001);
const databaseUrl = process.env.CLUSTER_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/switchboard";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const children = [];

/** Creates the cluster's PostgreSQL database when it does not exist yet (the first node migrates it). */
async function ensureDatabase(url) {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, "/postgres") });
  await admin.connect();
  const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  if (!rowCount) {
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    console.log(`› created database ${name}`);
  }
  await admin.end();
}

/** Starts one node and resolves when it serves; its log lines (JSON, each with its node id) go to stdout. */
function startNode(index) {
  const port = firstNodePort + index;
  const child = spawnServer(
    {
      ...process.env,
      NODE_ENV: "production",
      // This machine's demo cluster, seeded like `npm run demo` (.env's SEED_DEMO=1).
      ALLOW_DEMO_IN_PRODUCTION: "1",
      NODE_ID: `node-${String.fromCharCode(97 + index)}`,
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      // Every request comes through nginx: the caller's address is the hop nginx appends
      // to X-Forwarded-For, or one guesser would block sign-in for everyone (one address).
      TRUST_PROXY: "1",
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${publicPort}`,
    },
    ["ignore", "pipe", "inherit"],
  );
  children.push(child);
  return new Promise((resolvePromise, reject) => {
    child.stdout.on("data", (chunk) => {
      process.stdout.write(chunk);
      if (chunk.toString().includes('"SERVER_STARTED"')) resolvePromise(`127.0.0.1:${port}`);
    });
    child.once("exit", (code) => reject(new Error(`node ${index + 1} exited with ${code} before it was ready`)));
  });
}

/** Stops every node (gracefully) and nginx, then exits. */
async function stopAll() {
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  await Promise.all(running.map((child) => new Promise((done) => (child.once("exit", done), child.kill("SIGTERM")))));
  process.exit(process.exitCode ?? 0);
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => void stopAll());

try {
  await ensureDatabase(databaseUrl);
  // The first node applies migrations (and the demo data with SEED_DEMO=1); the rest then start together.
  const first = await startNode(0);
  const rest = await Promise.all(Array.from({ length: nodeCount - 1 }, (_, i) => startNode(i + 1)));
  const dir = resolve(".cluster/nginx");
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/nginx.conf`, standaloneConfig({ dir, listen: publicPort, nodes: [first, ...rest] }));
  const { command, args } = nginxCommand(dir);
  const nginx = spawn(command, args, { stdio: "inherit" });
  children.push(nginx);
  nginx.once("exit", (code) => code && console.error(`nginx exited with ${code}; see ${dir}/error.log`));
  console.log(`› ${nodeCount} nodes behind nginx: http://localhost:${publicPort} (Ctrl-C stops them all)`);
} catch (error) {
  console.error(`The cluster failed to start: ${error.message}`);
  process.exitCode = 1;
  await stopAll();
}
