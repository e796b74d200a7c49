import { describe, expect, it } from "vitest";
import type { Envelope } from "../protocol";
import { CatchUp } from "./catch-up";
import { Delivery } from "./delivery";
import { timingOf } from "./options";
import type { SyncAnswer } from "./server-link";

const event = (eventId: number): Envelope => ({ type: "booking:updated", eventId, data: {} }) as unknown as Envelope;
const EPOCH = "a".repeat(32);

/**
 * A CatchUp on a fake link whose `syncPage` answers from `pages` (by `since`), with a real
 * Delivery whose listener records the ids handed out.
 */
function catchUpFrom(initialCursor: number, pages: (since: number) => SyncAnswer) {
  const asked: number[] = [];
  const link = {
    connected: true,
    async syncPage(since: number) {
      asked.push(since);
      return pages(since);
    },
  };
  const delivery = new Delivery((id) => catchUp.advance(id));
  const catchUp: CatchUp = new CatchUp({ initialCursor, initialEpoch: EPOCH }, link as never, delivery, () => [], timingOf({}));
  const heard: number[] = [];
  delivery.on("booking:updated", (envelope) => heard.push(envelope.eventId!));
  const resyncs: number[] = [];
  catchUp.onResync(() => resyncs.push(catchUp.lastEventId));
  return { catchUp, delivery, asked, heard, resyncs };
}

const page = (events: number[], cursor: number, hasMore = false, epoch = EPOCH): SyncAnswer => ({ ok: true, page: { events: events.map(event), cursor, hasMore, epoch } });

describe("CatchUp", () => {
  it("pages through what was missed, then releases what arrived live meanwhile, in id order and once", async () => {
    const { catchUp, delivery, asked, heard } = catchUpFrom(10, (since) => (since === 10 ? page([11, 12], 12, true) : page([13], 13)));
    const done = catchUp.connected(null);
    delivery.receiveLive("booking:updated", event(14));
    delivery.receiveLive("booking:updated", event(13));
    await done;
    expect(asked).toEqual([10, 12]);
    expect(heard).toEqual([11, 12, 13, 14]);
    expect(catchUp.lastEventId).toBe(14);
  });

  it("with no cursor from the render, has nothing to catch up from until the server's `connected` names one", async () => {
    const link = { connected: true, syncPage: async () => page([], 40) };
    const catchUp = new CatchUp({}, link as never, new Delivery(() => undefined), () => [], timingOf({}));
    expect(catchUp.connected(null)).toBeNull();
    catchUp.serverConnected({ cursor: 40, epoch: EPOCH } as never);
    expect(catchUp.lastEventId).toBe(40);
    await expect(catchUp.connected(null)).resolves.toBeUndefined();
  });

  it("counts a render cursor of 0 (an empty log) as known", async () => {
    const { catchUp, asked } = catchUpFrom(0, () => page([], 0));
    await catchUp.connected(null);
    expect(asked).toEqual([0]);
  });

  it("starts over from the server's cursor when the events after ours are gone, and has the page reload", async () => {
    const { catchUp, resyncs, heard } = catchUpFrom(5, () => ({ ok: false, error: { code: "CURSOR_EXPIRED", message: "gone", cursor: 90 } }));
    await catchUp.catchUp();
    expect(resyncs).toEqual([90]);
    expect(catchUp.lastEventId).toBe(90);
    expect(heard).toEqual([]);
  });

  it("starts over on another event log, where ids already seen mean other events", async () => {
    const other = "b".repeat(32);
    const { catchUp, delivery, resyncs, heard } = catchUpFrom(20, () => page([], 20));
    delivery.deliver("booking:updated", event(3));
    catchUp.serverConnected({ cursor: 2, epoch: other } as never);
    expect(resyncs).toEqual([2]);
    expect(catchUp.logEpoch).toBe(other);
    delivery.deliver("booking:updated", event(3));
    expect(heard, "3 of the new log is delivered too").toEqual([3, 3]);
  });

  it("catches up from below the cursor when the server says events from there may have been lost, once", async () => {
    const { catchUp, asked } = catchUpFrom(50, () => page([], 50));
    catchUp.syncRequired({ type: "sync:required", data: { since: 30 } } as unknown as Envelope);
    await catchUp.catchUp();
    await catchUp.catchUp();
    expect(asked).toEqual([30, 50]);
  });
});
