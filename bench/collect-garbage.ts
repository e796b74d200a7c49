/**
 * Preloaded into both servers by the bench (with --expose-gc): a full garbage collection
 * on SIGUSR2, so that memory read right after counts what the connections retain rather
 * than garbage not yet collected. The same for both servers, so their figures compare.
 */
process.on("SIGUSR2", () => globalThis.gc?.());
