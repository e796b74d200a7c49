import type { RecordedEvent } from "../db/event-log/event-log";

/** A durable event as nodes pass it around: `prev` is the id of the event before it in the log. */
export type LoggedEvent = RecordedEvent & { prev: number };

/**
 * Delivers durable events to this node's sockets in id order, whichever node wrote them.
 *
 * Ids commit in order (lib/db/event-log), but two nodes publish on their own clocks: node
 * B's event 11 can reach a socket before node A's 10. A client's newest id is its cursor, so
 * a client dropped between the two would catch up from 11 and never see 10. Here every event
 * names the one before it in the log (`prev`), and an event is emitted only once the one
 * before it has been, so a socket never sees an id before a smaller one it is owed.
 *
 * An event whose predecessor has not arrived waits; if the gap is still open after
 * `gapMs` (the other node died between its commit and its publication, or Redis lost the
 * message), the missing events are read from the database, where they are committed, and
 * delivered from there. A copy that arrives after that, or twice, is dropped by id.
 */
export class DeliveryOrder {
  /** The newest id delivered here; every smaller one has been delivered or was before our start. */
  private delivered: number;
  /** Events waiting for their predecessor, by `prev`. */
  private readonly waiting = new Map<number, LoggedEvent>();
  private gapTimer: ReturnType<typeof setTimeout> | null = null;
  private filling = false;
  /** The newest id the log is known to hold (`owe`): owed here even if no later event arrives. */
  private owed = 0;

  constructor(
    start: number,
    private readonly io: {
      /** Emits events to this node's sockets, in the order given. */
      emit(events: LoggedEvent[]): void;
      /** The events with ids in (after, through], oldest first (from the database). */
      read(after: number, through: number): Promise<LoggedEvent[]>;
      /** A gap could not be filled (the database away): logged, tried again. */
      failed(error: unknown): void;
    },
    private readonly gapMs = 100,
  ) {
    this.delivered = start;
  }

  /** The newest id delivered. */
  get newest(): number {
    return this.delivered;
  }

  /**
   * The log holds events up to `newest`: what of them has not arrived here within `gapMs` is
   * read from it. A node that hears nothing from the others (Redis lost their messages)
   * would otherwise never see a gap.
   */
  owe(newest: number): void {
    if (newest <= this.owed) return;
    this.owed = newest;
    this.drain();
  }

  accept(events: LoggedEvent[]): void {
    for (const event of events) {
      if (event.envelope.eventId! > this.delivered) this.waiting.set(event.prev, event);
    }
    this.drain();
  }

  private drain(): void {
    const ready: LoggedEvent[] = [];
    for (let next = this.waiting.get(this.delivered); next; next = this.waiting.get(this.delivered)) {
      this.waiting.delete(this.delivered);
      ready.push(next);
      this.delivered = next.envelope.eventId!;
    }
    // Copies of what was delivered meanwhile (read from the database) are no longer owed.
    for (const [prev, event] of this.waiting) if (event.envelope.eventId! <= this.delivered) this.waiting.delete(prev);
    if (ready.length) this.io.emit(ready);
    if (this.waiting.size === 0 && this.owed <= this.delivered) {
      if (this.gapTimer) clearTimeout(this.gapTimer);
      this.gapTimer = null;
    } else if (!this.gapTimer && !this.filling) {
      this.gapTimer = setTimeout(() => void this.fillGap(), this.gapMs);
      this.gapTimer.unref?.();
    }
  }

  /** Reads from the database what is owed before the oldest waiting event, and delivers it. */
  private async fillGap(): Promise<void> {
    this.gapTimer = null;
    const through = this.waiting.size ? Math.min(...this.waiting.keys()) : this.owed;
    if (through <= this.delivered) return;
    this.filling = true;
    try {
      this.accept(await this.io.read(this.delivered, through));
    } catch (error) {
      this.io.failed(error);
    } finally {
      this.filling = false;
    }
    this.drain();
  }
}
