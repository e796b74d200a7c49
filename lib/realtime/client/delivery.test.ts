import { afterEach, describe, expect, it, vi } from "vitest";
import type { Envelope } from "../protocol";
import { Delivery, SEEN_LIMIT } from "./delivery";

const event = (eventId?: number, type = "booking:updated"): Envelope => ({ type, eventId, data: { eventId } }) as unknown as Envelope;

/** A Delivery whose listeners record the ids they were handed, and the ids it reported as durable. */
function recording() {
  const durable: number[] = [];
  const delivery = new Delivery((id) => durable.push(id));
  const heard: (number | null | undefined)[] = [];
  delivery.on("booking:updated", (envelope) => heard.push(envelope.eventId));
  return { delivery, heard, durable };
}

describe("Delivery", () => {
  afterEach(() => vi.restoreAllMocks());

  it("hands each durable event out once, and events without an id every time", () => {
    const { delivery, heard, durable } = recording();
    delivery.deliver("booking:updated", event(7));
    delivery.receiveLive("booking:updated", event(7));
    delivery.deliver("booking:updated", event());
    delivery.deliver("booking:updated", event());
    expect(heard).toEqual([7, undefined, undefined]);
    expect(durable).toEqual([7]);
  });

  it("holds live durable events during a catch-up and releases them in id order, skipping what the catch-up delivered", () => {
    const { delivery, heard } = recording();
    delivery.holdLive();
    delivery.receiveLive("booking:updated", event(13));
    delivery.receiveLive("booking:updated", event(11));
    delivery.receiveLive("booking:updated", event(12));
    delivery.receiveLive("booking:updated", event()); // not durable: not held
    delivery.deliver("booking:updated", event(10)); // the catch-up's pages
    delivery.deliver("booking:updated", event(11));
    expect(heard).toEqual([undefined, 10, 11]);
    delivery.release();
    expect(heard).toEqual([undefined, 10, 11, 12, 13]);
    delivery.receiveLive("booking:updated", event(14));
    expect(heard.at(-1), "live again once released").toBe(14);
  });

  it("tells '*' listeners of every type, and does not let one failing listener stop the others", () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const delivery = new Delivery(() => undefined);
    const types: string[] = [];
    delivery.on("chat:message", () => {
      throw new Error("broken");
    });
    delivery.on("*", (envelope) => types.push(envelope.type));
    delivery.deliver("chat:message", event(1, "chat:message"));
    delivery.deliver("booking:updated", event(2));
    expect(types).toEqual(["chat:message", "booking:updated"]);
    expect(console.error).toHaveBeenCalledTimes(1);
  });

  it("keeps the server's connection events from listeners", () => {
    const delivery = new Delivery(() => undefined);
    const types: string[] = [];
    delivery.on("*", (envelope) => types.push(envelope.type));
    delivery.receiveLive("connected", event(undefined, "connected"));
    delivery.receiveLive("sync:required", event(undefined, "sync:required"));
    expect(types).toEqual([]);
  });

  it("stops listening when unsubscribed", () => {
    const delivery = new Delivery(() => undefined);
    const heard: number[] = [];
    const stop = delivery.on("booking:updated", (envelope) => heard.push(envelope.eventId!));
    delivery.deliver("booking:updated", event(1));
    stop();
    delivery.deliver("booking:updated", event(2));
    expect(heard).toEqual([1]);
  });

  it("forgets seen ids on another event log, and the oldest beyond its limit", () => {
    const { delivery, heard } = recording();
    delivery.deliver("booking:updated", event(1));
    delivery.forgetSeen();
    delivery.deliver("booking:updated", event(1));
    expect(heard).toEqual([1, 1]);
    for (let id = 2; id <= SEEN_LIMIT + 1; id++) delivery.deliver("booking:updated", event(id));
    heard.length = 0;
    delivery.deliver("booking:updated", event(1)); // the oldest, let go
    delivery.deliver("booking:updated", event(SEEN_LIMIT + 1));
    expect(heard).toEqual([1]);
  });
});
