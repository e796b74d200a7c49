import { Adapter, type BroadcastOptions, type PrivateSessionId, type Session } from "socket.io-adapter";

type SessionToPersist = Parameters<Adapter["persistSession"]>[0];
type StoredPacket = { opts: BroadcastOptions; data: unknown[]; emittedAt: number };

/** Socket.IO's EVENT packet type: only events are replayed. */
const EVENT_PACKET = 2;
/** How often expired sessions and packets are dropped (Socket.IO's own store does it once a minute too). */
const EXPIRY_INTERVAL_MS = 60_000;

/**
 * The in-memory adapter of a node on its own (no REDIS_URL), with connection state
 * recovery's packet store bounded as the Redis Streams adapter bounds its stream (`maxLen`).
 *
 * Socket.IO's own store (`SessionAwareAdapter`) keeps every non-volatile packet, with its
 * rooms, until a timer that runs once a minute: under a steady stream of events a heap that
 * grows without pause, long full collections, and a scan of all of it for every socket that
 * comes back (docs/performance.md, session 6).
 * This store keeps the newest `maxPackets` in a ring, each overwriting the oldest, and finds
 * a returning socket's last packet by its offset (a sequence number) without a scan. A
 * socket whose last packet has been dropped is not recovered (`socket.recovered` false) and
 * catches up from the event log with `sync`, as after a drop longer than the recovery window.
 *
 * Otherwise it does what Socket.IO's store does: event packets without an ack and not
 * volatile are stored, with their offset appended to their data (the client sends back the
 * last one it saw); a session is kept for `maxDisconnectionMs` after its socket dropped.
 */
export function boundedRecoveryAdapter(maxPackets: number, maxDisconnectionMs: number) {
  return class BoundedRecoveryAdapter extends Adapter {
    private readonly sessions = new Map<PrivateSessionId, SessionToPersist & { disconnectedAt: number }>();
    private readonly ring = new Array<StoredPacket | undefined>(maxPackets);
    /** The sequence number the next stored packet gets; the ring holds those from `oldest` up to it. */
    private next = 0;
    private oldest = 0;

    constructor(nsp: unknown) {
      super(nsp);
      setInterval(() => this.expire(), EXPIRY_INTERVAL_MS).unref();
    }

    override broadcast(packet: { type: number; id?: number; data: unknown[] }, opts: BroadcastOptions): void {
      // A packet with an ack is not stored: the ack cannot be restored when the socket comes back.
      if (packet.type === EVENT_PACKET && packet.id === undefined && opts.flags?.volatile === undefined) {
        const seq = this.next++;
        packet.data.push(seq.toString(36));
        this.ring[seq % maxPackets] = { opts, data: packet.data, emittedAt: Date.now() };
        this.oldest = Math.max(this.oldest, this.next - maxPackets);
      }
      super.broadcast(packet, opts);
    }

    override persistSession(session: SessionToPersist): void {
      this.sessions.set(session.pid, { ...session, disconnectedAt: Date.now() });
    }

    /** Socket.IO takes null for "not recovered" (its own store answers null), though the type says otherwise. */
    override restoreSession(pid: PrivateSessionId, offset: string): Promise<Session> {
      return Promise.resolve(this.missed(pid, offset) as Session);
    }

    private missed(pid: PrivateSessionId, offset: string): Session | null {
      const session = this.sessions.get(pid);
      if (!session) return null; // expired, or never here
      if (session.disconnectedAt + maxDisconnectionMs < Date.now()) {
        this.sessions.delete(pid);
        return null;
      }
      const last = /^[0-9a-z]{1,10}$/.test(offset) ? parseInt(offset, 36) : -1;
      // Dropped from the ring already (or not an offset of ours): the socket catches up with `sync`.
      if (last < this.oldest || last >= this.next) return null;
      const missedPackets: unknown[][] = [];
      for (let seq = last + 1; seq < this.next; seq++) {
        const packet = this.ring[seq % maxPackets]!;
        if (reaches(session.rooms, packet.opts)) missedPackets.push(packet.data);
      }
      return { ...session, missedPackets };
    }

    private expire(): void {
      const threshold = Date.now() - maxDisconnectionMs;
      for (const [pid, session] of this.sessions) if (session.disconnectedAt < threshold) this.sessions.delete(pid);
      while (this.oldest < this.next && this.ring[this.oldest % maxPackets]!.emittedAt < threshold) {
        this.ring[this.oldest % maxPackets] = undefined;
        this.oldest++;
      }
    }
  };
}

/** Whether a broadcast with these options reached a socket in these rooms. */
function reaches(sessionRooms: string[], opts: BroadcastOptions): boolean {
  const included = opts.rooms.size === 0 || sessionRooms.some((room) => opts.rooms.has(room));
  return included && sessionRooms.every((room) => !opts.except?.has(room));
}
