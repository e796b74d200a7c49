import { SessionAwareAdapter, type BroadcastOptions } from "socket.io-adapter";

/**
 * The in-memory adapter of a node on its own (no REDIS_URL), with connection state
 * recovery's packet store bounded as the Redis Streams adapter bounds its stream (`maxLen`).
 *
 * Socket.IO's own store keeps every non-volatile packet (about 1 KB each, with its rooms)
 * until a timer that runs once a minute, so at 2,000 events/s it held some 360,000: a heap
 * that grew by 10 MB a second, full collections that held the event loop for hundreds of
 * milliseconds, and a scan of them all for every socket that came back. This store keeps
 * the newest `maxPackets`, dropping the oldest a slice at a time (splicing the array on every
 * broadcast would move all of it each time). A socket whose last packet has been dropped is
 * not recovered (`socket.recovered` false) and catches up from the event log with `sync`,
 * as after a drop longer than the recovery window.
 */
export function boundedRecoveryAdapter(maxPackets: number) {
  const slice = Math.max(1, Math.ceil(maxPackets / 16));
  return class BoundedRecoveryAdapter extends SessionAwareAdapter {
    override broadcast(packet: unknown, opts: BroadcastOptions): void {
      super.broadcast(packet, opts);
      // The base class declares its store private; it is a plain array on the instance.
      const packets = (this as unknown as { packets: unknown[] }).packets;
      const excess = packets.length - maxPackets;
      if (excess >= slice) packets.splice(0, excess);
    }
  };
}
