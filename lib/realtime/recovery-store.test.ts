import { afterEach, describe, expect, it, vi } from "vitest";
import { boundedRecoveryAdapter } from "./recovery-store";

const RECOVERY_MS = 120_000;
const fakeNamespace = { name: "/", server: { encoder: { encode: () => [] } }, sockets: new Map() };

function store(maxPackets: number) {
  const Store = boundedRecoveryAdapter(maxPackets, RECOVERY_MS);
  return new Store(fakeNamespace);
}

/** Broadcasts an event to `rooms` and returns the offset appended to its data. */
function broadcast(adapter: ReturnType<typeof store>, name: string, rooms: string[] = [], extra: { id?: number; volatile?: boolean } = {}) {
  const data: unknown[] = [name];
  adapter.broadcast({ type: 2, id: extra.id, data }, { rooms: new Set(rooms), except: new Set(), flags: extra.volatile ? { volatile: true } : {} });
  return data.length > 1 ? (data[data.length - 1] as string) : null;
}

const session = (rooms: string[]) => ({ sid: "sid-1", pid: "pid-1", rooms, data: {} });

describe("connection state recovery's bounded store", () => {
  afterEach(() => vi.useRealTimers());

  it("replays what a returning socket's rooms missed after its offset, with their offsets", async () => {
    const adapter = store(10);
    const seen = broadcast(adapter, "first", ["user:a"])!;
    adapter.persistSession(session(["user:a"]));
    broadcast(adapter, "to-a", ["user:a"]);
    broadcast(adapter, "to-b", ["user:b"]);
    broadcast(adapter, "to-all");
    const restored = await adapter.restoreSession("pid-1", seen);
    expect(restored.missedPackets.map((data) => data[0])).toEqual(["to-a", "to-all"]);
    expect(restored.missedPackets.every((data) => typeof data[1] === "string")).toBe(true);
    expect(restored.rooms).toEqual(["user:a"]);
  });

  it("stores no volatile packet and none with an ack", () => {
    const adapter = store(10);
    expect(broadcast(adapter, "volatile", [], { volatile: true })).toBeNull();
    expect(broadcast(adapter, "with-ack", [], { id: 7 })).toBeNull();
  });

  it("keeps only the newest packets: a socket whose last one was dropped is not recovered", async () => {
    const adapter = store(3);
    const oldest = broadcast(adapter, "e0")!;
    const kept = broadcast(adapter, "e1")!;
    adapter.persistSession(session([]));
    for (let i = 2; i <= 3; i++) broadcast(adapter, `e${i}`);
    expect(await adapter.restoreSession("pid-1", oldest)).toBeNull();
    expect((await adapter.restoreSession("pid-1", kept)).missedPackets.map((data) => data[0])).toEqual(["e2", "e3"]);
    expect(await adapter.restoreSession("pid-1", "not-an-offset!")).toBeNull();
  });

  it("forgets a session after the recovery window", async () => {
    vi.useFakeTimers();
    const adapter = store(10);
    const seen = broadcast(adapter, "first")!;
    adapter.persistSession(session([]));
    vi.advanceTimersByTime(RECOVERY_MS + 1);
    expect(await adapter.restoreSession("pid-1", seen)).toBeNull();
    expect(await adapter.restoreSession("unknown", seen)).toBeNull();
  });
});
