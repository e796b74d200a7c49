import { describe, expect, it, vi } from "vitest";
import type { Ack } from "../protocol";
import { useFakeTimersWithoutJitter } from "./no-jitter-timers";

/**
 * The client's timing, on fake timers: a stand-in for socket.io-client's socket that the
 * test connects and whose acks it writes. What the client does against the real server is
 * tests/integration/realtime-client.test.ts.
 */
const { FakeSocket, sockets } = vi.hoisted(() => {
  class FakeSocket {
    connected = false;
    active = false;
    recovered = false;
    readonly io = { on: () => undefined };
    /** The client events the client sent, in order. */
    readonly sent: string[] = [];
    answer: (event: string) => Ack<object> = () => ({ ok: true });
    private readonly handlers = new Map<string, ((...args: unknown[]) => void)[]>();

    on(event: string, handler: (...args: unknown[]) => void) {
      this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    }
    once(event: string, handler: (...args: unknown[]) => void) {
      this.on(event, handler);
    }
    off(event: string, handler: (...args: unknown[]) => void) {
      this.handlers.set(event, (this.handlers.get(event) ?? []).filter((h) => h !== handler));
    }
    onAny() {}
    connect() {
      this.connected = true;
      for (const handler of this.handlers.get("connect") ?? []) handler();
    }
    disconnect() {
      this.connected = false;
    }
    timeout() {
      return this;
    }
    async emitWithAck(event: string) {
      this.sent.push(event);
      return this.answer(event);
    }
  }
  return { FakeSocket, sockets: [] as InstanceType<typeof FakeSocket>[] };
});

vi.mock("socket.io-client", () => ({
  io: () => {
    const socket = new FakeSocket();
    sockets.push(socket);
    return socket;
  },
}));

const { RealtimeClient } = await import(".");

describe("RealtimeClient's catch-up retries", () => {
  useFakeTimersWithoutJitter();

  it("waits longer after each failed catch-up while the database is away, and starts over once one completes", async () => {
    const client = new RealtimeClient({ initialCursor: 10, reconnectDelayMs: 1000, reconnectDelayMaxMs: 8000 });
    const socket = sockets.at(-1)!;
    let databaseUp = false;
    socket.answer = (event) =>
      event !== "sync"
        ? { ok: true }
        : databaseUp
          ? { ok: true, events: [], cursor: 10, hasMore: false }
          : { ok: false, error: { code: "DB_UNAVAILABLE", message: "The database is unavailable" } };
    const syncsAfter = async (ms: number) => {
      await vi.advanceTimersByTimeAsync(ms);
      return socket.sent.filter((event) => event === "sync").length;
    };
    /** Asserts the next `sync` comes exactly `ms` after the last one. */
    const nextSyncAfter = async (ms: number) => {
      const before = await syncsAfter(0);
      expect(await syncsAfter(ms - 1), `not before ${ms} ms`).toBe(before);
      expect(await syncsAfter(1), `at ${ms} ms`).toBe(before + 1);
    };

    client.start();
    expect(await syncsAfter(0), "the catch-up on connecting").toBe(1);
    for (const ms of [1000, 2000, 4000, 8000, 8000]) await nextSyncAfter(ms);

    databaseUp = true;
    await nextSyncAfter(8000);
    databaseUp = false;
    socket.connect(); // a new connection's catch-up fails: the count starts over
    expect(await syncsAfter(0)).toBe(8);
    await nextSyncAfter(1000);
    client.stop();
  });
});
