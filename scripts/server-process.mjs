// Starts server.ts the way production runs it, for every command that does (npm start,
// npm run demo, npm run cluster; the bench reads the same flags): Node with tsx's loader
// and the V8 flags in deploy/server-node-flags.json. Both keep short-lived objects out of
// the old generation, whose full collections were the durable notifications' latency tail
// with 10,000 sockets held (docs/performance.md): 64 MB young-generation semi-spaces, so a
// request's objects die young, and no allocation-site pretenuring, which a fan-out to
// thousands of sockets (everything it allocates alive at once) talked into allocating
// every later delivery's objects straight in the old generation.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const SERVER_NODE_FLAGS = JSON.parse(readFileSync(new URL("../deploy/server-node-flags.json", import.meta.url), "utf8"));

/** One server process; `env` is its whole environment. */
export function spawnServer(env, stdio = "inherit") {
  return spawn(process.execPath, [...SERVER_NODE_FLAGS, "--import", "tsx", "server.ts"], { stdio, env });
}

/** Runs one server in the foreground: signals go to it, and this process exits with it. */
export function runServer(env) {
  const server = spawnServer(env);
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
  // Die the way the server died, so a supervisor sees a crash (a signal) as a failure.
  server.on("exit", (code, signal) => {
    if (!signal) process.exit(code ?? 1);
    process.removeAllListeners(signal); // the forwarding handler above would catch it
    process.kill(process.pid, signal);
  });
}

// `npm start`: the production server, configured by the environment.
if (process.argv[1] === fileURLToPath(import.meta.url)) runServer({ ...process.env, NODE_ENV: "production" });
