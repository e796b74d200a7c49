/**
 * The bench's arithmetic: latency summaries, rates and ratios. Pure, so the unit tests
 * cover it; every process of a run measures time with `now()`.
 */

export type LatencySummary = { count: number; p50: number; p95: number; p99: number; max: number; mean: number };

/**
 * Milliseconds since the epoch with sub-millisecond precision. Workers and the
 * orchestrator are processes on one machine, so one process's `sentAt` and another's
 * receipt time compare on the same clock.
 */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * The nearest-rank percentile of ascending samples (p in 0..100); NaN when there are none.
 *
 * @example percentile([1, 2, 3, 4], 50) // 2
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Milliseconds to one decimal: finer than a shared machine's timing means. */
export function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** Count, p50/p95/p99, max and mean of unsorted samples, rounded to 0.1 ms. */
export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, ms) => sum + ms, 0);
  return {
    count: sorted.length,
    p50: roundMs(percentile(sorted, 50)),
    p95: roundMs(percentile(sorted, 95)),
    p99: roundMs(percentile(sorted, 99)),
    max: roundMs(sorted[sorted.length - 1] ?? Number.NaN),
    mean: roundMs(sorted.length ? total / sorted.length : Number.NaN),
  };
}

/** The median of a few figures (rounds of one measurement); NaN when there are none. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** How many per second `count` things in `ms` milliseconds are, to a whole number. */
export function perSecond(count: number, ms: number): number {
  return ms > 0 ? Math.round((count * 1000) / ms) : Number.NaN;
}

/** ours / baseline to two decimals; NaN when either side was not measured. */
export function ratio(ours: number, baseline: number): number {
  if (!Number.isFinite(ours) || !Number.isFinite(baseline) || baseline === 0) return Number.NaN;
  return Math.round((ours / baseline) * 100) / 100;
}
