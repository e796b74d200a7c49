import type { Envelope } from "../protocol";

export type RealtimeListener = (envelope: Envelope) => void;

/** Durable event ids remembered as delivered; the oldest are let go first. */
export const SEEN_LIMIT = 5000;

/**
 * Hands events to listeners: each durable one once (deduplicated by eventId), and, while a
 * catch-up is under way (`holdLive`), live durable events wait until `release` hands them
 * out in id order, after what the catch-up itself delivered.
 */
export class Delivery {
  private readonly listeners = new Map<string, Set<RealtimeListener>>();
  private readonly seen = new Set<number>();
  /** Set from a gap until a catch-up completes: live events wait in `heldBack` meanwhile. */
  private behind = false;
  private heldBack: { type: string; envelope: Envelope }[] = [];

  /** `onDurable` hears each durable event id as it is first delivered (the client's cursor follows it). */
  constructor(private readonly onDurable: (eventId: number) => void) {}

  /** Listens for one event type, or every event with "*"; returns the unsubscribe function. */
  on(type: string, listener: RealtimeListener): () => void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(listener);
    return () => this.listeners.get(type)?.delete(listener);
  }

  /** An event as it arrives on the socket: held back while behind, else delivered. */
  receiveLive(type: string, envelope: Envelope): void {
    if (this.behind && typeof envelope?.eventId === "number") this.heldBack.push({ type, envelope });
    else this.deliver(type, envelope);
  }

  /** A gap opened: live durable events wait until `release`. */
  holdLive(): void {
    this.behind = true;
  }

  /** Up to date again: what arrived live meanwhile goes out in id order (the catch-up's share skipped as seen). */
  release(): void {
    this.behind = false;
    const held = this.heldBack.sort((a, b) => (a.envelope.eventId ?? 0) - (b.envelope.eventId ?? 0));
    this.heldBack = [];
    for (const { type, envelope } of held) this.deliver(type, envelope);
  }

  /** Ids of another event log mean other events: none of them has been seen. */
  forgetSeen(): void {
    this.seen.clear();
  }

  deliver(type: string, envelope: Envelope): void {
    if (!envelope || typeof envelope !== "object" || type === "connected" || type === "sync:required") return;
    if (typeof envelope.eventId === "number") {
      if (this.seen.has(envelope.eventId)) return;
      this.seen.add(envelope.eventId);
      if (this.seen.size > SEEN_LIMIT) this.seen.delete(this.seen.values().next().value!);
      this.onDurable(envelope.eventId);
    }
    for (const key of [type, "*"]) {
      for (const listener of this.listeners.get(key) ?? []) {
        try {
          listener(envelope);
        } catch (error) {
          console.error(`realtime listener for ${type} failed`, error);
        }
      }
    }
  }
}
