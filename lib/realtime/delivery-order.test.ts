import { describe, expect, it } from "vitest";
import { DeliveryOrder, type LoggedEvent } from "./delivery-order";

const event = (eventId: number, prev: number): LoggedEvent => ({ envelope: { eventId, type: "t", ts: "", data: null }, targets: ["all"], prev });

function order(start: number, log: LoggedEvent[] = []) {
  const emitted: number[] = [];
  const reads: [number, number][] = [];
  let readDone: () => void = () => undefined;
  const read = new Promise<void>((resolve) => (readDone = resolve));
  const delivery = new DeliveryOrder(
    start,
    {
      emit: (events) => emitted.push(...events.map((e) => e.envelope.eventId!)),
      async read(after, through) {
        reads.push([after, through]);
        const found = log.filter((e) => e.envelope.eventId! > after && e.envelope.eventId! <= through);
        queueMicrotask(readDone);
        return found;
      },
      failed: (error) => {
        throw error;
      },
    },
    5,
  );
  return { delivery, emitted, reads, read };
}

describe("DeliveryOrder", () => {
  it("emits events that follow on at once, in the order given", () => {
    const { delivery, emitted } = order(10);
    delivery.accept([event(11, 10), event(12, 11)]);
    delivery.accept([event(14, 12)]);
    expect(emitted).toEqual([11, 12, 14]);
  });

  it("holds an event back until the one before it arrives, then emits both in id order", () => {
    const { delivery, emitted } = order(10);
    delivery.accept([event(12, 11)]);
    expect(emitted).toEqual([]);
    delivery.accept([event(11, 10)]);
    expect(emitted).toEqual([11, 12]);
  });

  it("drops copies of what it delivered, and what came before its start", () => {
    const { delivery, emitted } = order(10);
    delivery.accept([event(9, 8), event(11, 10), event(11, 10), event(10, 9)]);
    delivery.accept([event(11, 10)]);
    expect(emitted).toEqual([11]);
  });

  it("reads a gap that stays open from the log, delivers it, and drops the late copy", async () => {
    const log = [event(11, 10), event(12, 11)];
    const { delivery, emitted, reads, read } = order(10, log);
    delivery.accept([event(13, 12)]);
    await read;
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads).toEqual([[10, 12]]);
    expect(emitted).toEqual([11, 12, 13]);
    delivery.accept([event(12, 11)]);
    expect(emitted).toEqual([11, 12, 13]);
    expect(delivery.newest).toBe(13);
  });

  it("reads what the log holds beyond what arrived, when nothing later arrives to show the gap", async () => {
    const log = [event(11, 10), event(12, 11)];
    const { delivery, emitted, reads, read } = order(10, log);
    delivery.owe(12);
    await read;
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads).toEqual([[10, 12]]);
    expect(emitted).toEqual([11, 12]);
  });
});
