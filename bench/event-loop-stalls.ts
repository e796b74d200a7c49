/**
 * A diagnostic for the bench's servers: logs every event-loop stall over 50 ms to stderr,
 * with the CPU the process used meanwhile (CPU above the gap means GC helper threads were
 * busy too; CPU far below it means the process was descheduled or blocked in a system call).
 *
 *   BENCH_NODE_ARGS="--trace-gc --import ./bench/event-loop-stalls.ts" npm run bench -- --full
 *
 * `at` is milliseconds since the process started, as in --trace-gc's lines, so a stall can
 * be matched with the collection that caused it.
 */
import { performance } from "node:perf_hooks";

const STALL_MS = 50;
let last = performance.now();
let cpu = process.cpuUsage();
setInterval(() => {
  const at = performance.now();
  const used = process.cpuUsage(cpu);
  if (at - last > STALL_MS) {
    const ms = (micros: number) => Math.round(micros / 1000);
    console.error(`STALL pid=${process.pid} at=${Math.round(at)} gap=${Math.round(at - last)}ms cpu=${ms(used.user + used.system)}ms system=${ms(used.system)}ms`);
  }
  last = at;
  cpu = process.cpuUsage();
}, 10).unref();
