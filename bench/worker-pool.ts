import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { WorkerCommand, WorkerReplies } from "./worker";

const WORKER = fileURLToPath(new URL("./worker.ts", import.meta.url));

/**
 * The orchestrator's side of the load-generator processes: forks them (they inherit tsx
 * from this process) and sends each one command at a time, awaiting its one reply.
 */
export class WorkerPool {
  private constructor(private readonly children: ChildProcess[]) {}

  static start(count: number): WorkerPool {
    return new WorkerPool(Array.from({ length: count }, () => fork(WORKER, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] })));
  }

  get size(): number {
    return this.children.length;
  }

  /** Sends every worker the command `commandFor(i)` builds and resolves with their replies, in worker order. */
  all<C extends WorkerCommand>(commandFor: (worker: number) => C): Promise<WorkerReplies[C["type"]][]> {
    return Promise.all(this.children.map((child, i) => ask(child, commandFor(i))));
  }

  /** Worker i's part of `items`, dealt round-robin. */
  portion<T>(items: readonly T[], worker: number): T[] {
    return items.filter((_, k) => k % this.size === worker);
  }

  async close(): Promise<void> {
    await this.all(() => ({ type: "close" })).catch(() => undefined); // a worker that already died has nothing to close
    for (const child of this.children) if (child.exitCode === null) child.kill();
  }
}

function ask<C extends WorkerCommand>(child: ChildProcess, command: C): Promise<WorkerReplies[C["type"]]> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`a bench worker exited (${code}) during "${command.type}"`));
    child.once("exit", onExit);
    child.once("message", (reply) => {
      child.off("exit", onExit);
      resolve(reply as WorkerReplies[C["type"]]);
    });
    child.send(command);
  });
}
