import { afterEach, describe, expect, it, vi } from "vitest";
import { UnsharedEvents } from "./cluster";

describe("UnsharedEvents: where clients catch up from after a Redis outage", () => {
  afterEach(() => vi.useRealTimers());

  it("is nothing when nothing was published around the outage", () => {
    const unshared = new UnsharedEvents();
    unshared.linkDown();
    expect(unshared.linkUp()).toBeNull();
  });

  it("starts before the first event published while the link was down", () => {
    const unshared = new UnsharedEvents();
    unshared.linkDown();
    unshared.published(42, false);
    unshared.published(43, false);
    expect(unshared.linkUp()).toBe(41);
    // Once told, it starts afresh.
    expect(unshared.linkUp()).toBeNull();
  });

  it("reaches back to events published just before the link was seen to drop, but not to older ones", () => {
    vi.useFakeTimers();
    const unshared = new UnsharedEvents();
    unshared.published(10, true);
    vi.advanceTimersByTime(60_000);
    unshared.published(20, true);
    unshared.published(21, true);
    unshared.linkDown();
    unshared.published(30, false);
    expect(unshared.linkUp()).toBe(19);
  });
});
