import { describe, expect, it, vi } from "vitest";
import type { Ack } from "../protocol";
import { timingOf } from "./options";
import { Rooms } from "./rooms";
import { useFakeTimersWithoutJitter } from "./no-jitter-timers";

/** A stand-in for the server link: records the client events sent and answers from `answer`. */
function fakeLink(connected = true) {
  const sent: string[] = [];
  const link = {
    connected,
    answer: (() => ({ ok: true })) as (event: string) => Ack<object>,
    async request(event: string, payload: { room: string }) {
      sent.push(`${event} ${payload.room}`);
      return { room: payload.room, ...link.answer(event) };
    },
  };
  return { link, sent };
}

const timing = timingOf({ reconnectDelayMs: 1000, reconnectDelayMaxMs: 8000 });
const refused = (code: string) => () => ({ ok: false as const, error: { code, message: code } });

describe("Rooms", () => {
  useFakeTimersWithoutJitter();

  it("leaves a room only when every subscribe for it has been matched by an unsubscribe", async () => {
    const { link, sent } = fakeLink();
    const rooms = new Rooms(link as never, timing);
    await rooms.subscribe("booking:1");
    await rooms.subscribe("booking:1");
    await rooms.unsubscribe("booking:1");
    expect(sent).toEqual(["subscribe booking:1", "subscribe booking:1"]);
    expect(rooms.names).toEqual(["booking:1"]);
    await rooms.unsubscribe("booking:1");
    expect(sent.at(-1)).toBe("unsubscribe booking:1");
    expect(rooms.names).toEqual([]);
  });

  it("remembers rooms asked for while offline, and joins them on the next socket", async () => {
    const { link, sent } = fakeLink(false);
    const rooms = new Rooms(link as never, timing);
    expect(await rooms.subscribe("user:a")).toEqual({ ok: true, room: "user:a" });
    await rooms.subscribe("booking:2");
    expect(sent).toEqual([]);
    link.connected = true;
    await rooms.rejoin();
    expect(sent).toEqual(["subscribe user:a", "subscribe booking:2"]);
  });

  it("asks again after a growing delay while the server answers 'not now', but not for a refusal", async () => {
    const { link, sent } = fakeLink();
    link.answer = refused("DB_UNAVAILABLE");
    const rooms = new Rooms(link as never, timing);
    void rooms.subscribe("booking:3");
    await vi.advanceTimersByTimeAsync(999);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent).toHaveLength(3);

    link.answer = refused("FORBIDDEN");
    await vi.advanceTimersByTimeAsync(4000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent, "a refusal is final").toHaveLength(4);
  });

  it("stops asking for a room no longer wanted", async () => {
    const { link, sent } = fakeLink();
    link.answer = refused("RATE_LIMITED");
    const rooms = new Rooms(link as never, timing);
    const joined = rooms.subscribe("booking:4");
    await rooms.unsubscribe("booking:4");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await joined).toMatchObject({ ok: false, error: { code: "RATE_LIMITED" } });
    expect(sent.filter((line) => line === "subscribe booking:4")).toHaveLength(1);
  });
});
