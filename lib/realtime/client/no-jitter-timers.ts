import { afterEach, beforeEach, vi } from "vitest";

/** For the unit tests: fake timers, and no jitter (Math.random at 0.5), so every backoff is its base delay. */
export function useFakeTimersWithoutJitter(): void {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(0.5);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
}
