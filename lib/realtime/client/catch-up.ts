import type { Envelope } from "../protocol";
import type { AckError, ConnectedPayload } from "../protocol";
import type { Delivery } from "./delivery";
import { backoff, type Timing } from "./options";
import type { ServerLink } from "./server-link";

/** Where this client stands in the server's event log, as the page's render left it. */
export type Position = { initialCursor?: number; initialEpoch?: string };

/**
 * Catching up on what was missed, so that every durable event reaches the listeners once
 * and in id order. After any gap it fetches what was missed from the newest id seen,
 * holding back live events until that pass completes (a failed one is retried). When the
 * server no longer keeps the events after that id (CURSOR_EXPIRED), or never issued it
 * (CURSOR_INVALID), or its event log is another one than the cursor's (a new `epoch`: the
 * database was reset or replaced), it starts over from the server's cursor and tells
 * `onResync` listeners to reload their state. The same catch-up runs when the server says
 * a gap may have opened without a disconnection (`sync:required`, after its nodes lost each
 * other), from the id it names.
 */
export class CatchUp {
  private cursor: number;
  /**
   * Whether `cursor` says where this client is: given by the page's render (0 for an empty
   * log), or by the first `connected`. Until then there is nothing to catch up from.
   */
  private cursorKnown: boolean;
  /** The event log `cursor` belongs to; null until the server names it. */
  private epoch: string | null;
  /** How many times the cursor was replaced by the server's (a catch-up begun before is stale). */
  private startedOver = 0;
  private catchingUp: Promise<void> | null = null;
  /**
   * Where a `sync:required` asked the next catch-up to start, when below the cursor (events
   * under it may never have reached us), and which request that was; cleared by a catch-up
   * that began after the request and completed, or by a resync (CURSOR_EXPIRED).
   */
  private syncFloor: { from: number; request: number } | null = null;
  private syncRequests = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Catch-up passes failed since the last one that completed: how long the next retry waits. */
  private failedPasses = 0;
  private readonly resyncListeners = new Set<() => void>();

  constructor(
    position: Position,
    private readonly link: Pick<ServerLink, "connected" | "syncPage">,
    private readonly delivery: Pick<Delivery, "deliver" | "holdLive" | "release" | "forgetSeen">,
    /** The rooms wanted: a poll names them, as `sync` reads them from the socket. */
    private readonly rooms: () => string[],
    private readonly timing: Timing,
  ) {
    this.cursor = position.initialCursor ?? 0;
    this.cursorKnown = position.initialCursor !== undefined;
    this.epoch = position.initialEpoch ?? null;
  }

  /** The newest durable event id this client reflects. */
  get lastEventId(): number {
    return this.cursor;
  }

  /** The event log `lastEventId` belongs to; null until the server names it. */
  get logEpoch(): string | null {
    return this.epoch;
  }

  /** A durable event was delivered: the cursor follows it. */
  advance(eventId: number): void {
    this.cursor = Math.max(this.cursor, eventId);
  }

  /** Called when events were missed beyond recall: reload what you show. The cursor has moved on already. */
  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  /** Fetches every durable event after the cursor (socket `sync` when live, HTTP otherwise). */
  catchUp(): Promise<void> {
    return this.catchingUp ?? this.passAfter();
  }

  /**
   * A new socket, whose rooms are being joined again (`rejoined`, null when the session was
   * recovered): catch up from here, before anything live is shown (events can arrive ahead
   * of `connected`), once the rooms are joined (`sync` reads the socket's rooms the moment
   * it arrives). A recovered session too: Socket.IO replays what its adapter kept, but with
   * Redis durable events go to each node's own sockets, in order, outside what it keeps.
   * Resolves when caught up (or, with no cursor yet, when the rooms are joined).
   */
  connected(rejoined: Promise<unknown> | null): Promise<unknown> | null {
    return this.cursorKnown ? this.passAfter(this.catchingUp, rejoined) : rejoined;
  }

  /** The server's `connected`: which log it keeps, and, for a client with no cursor yet, where it stands. */
  serverConnected(payload: ConnectedPayload): void {
    // Another log than our cursor's: its ids mean other events; start over from its cursor.
    if (this.isAnotherLog(payload.epoch)) return this.startOver(payload.cursor, payload.epoch);
    this.epoch ??= payload.epoch;
    // A first connection with no render cursor starts from now.
    if (!this.cursorKnown) {
      this.cursor = Math.max(this.cursor, payload.cursor);
      this.cursorKnown = true;
    }
  }

  /**
   * Redis came back after an outage (`sync:required`): events from `since` on may have
   * crossed nodes without reaching us, though our cursor may be past some of them.
   */
  syncRequired(envelope: Envelope): void {
    const since = (envelope.data as { since?: unknown } | null)?.since;
    if (typeof since === "number") this.syncFloor = { from: Math.min(since, this.syncFloor?.from ?? since), request: ++this.syncRequests };
    void this.passAfter(this.catchingUp).catch(() => undefined);
  }

  stop(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /**
   * A catch-up pass that starts once everything in `after` has ended: a pass begun before
   * this connection (which cannot have seen what was published since) and the rooms being
   * joined again. Live events are held back until the newest pass completes; when it fails
   * it is retried while the socket is up (polling retries on its own timer). An older pass
   * settles nothing: releasing the held events would move the cursor past what the newer
   * pass has still to fetch.
   */
  private passAfter(...after: (Promise<unknown> | null)[]): Promise<void> {
    this.delivery.holdLive();
    const pass: Promise<void> = Promise.allSettled(after)
      .then(() => this.fetchMissed())
      .then(
        (complete) => {
          if (this.catchingUp !== pass) return;
          if (!complete) return this.retryLater();
          this.failedPasses = 0;
          this.delivery.release();
        },
        (error: unknown) => {
          if (this.catchingUp === pass) this.retryLater();
          throw error;
        },
      )
      .finally(() => {
        if (this.catchingUp === pass) this.catchingUp = null;
      });
    this.catchingUp = pass;
    return pass;
  }

  /** Pages through what was missed; false when the server could not answer (e.g. its database is away). */
  private async fetchMissed(): Promise<boolean> {
    const floor = this.syncFloor;
    const { startedOver } = this;
    let since = Math.min(floor?.from ?? this.cursor, this.cursor);
    for (;;) {
      const answer = await this.link.syncPage(since, this.rooms());
      // Started over meanwhile (`connected` named another log): this pass asked from a cursor of the old one.
      if (this.startedOver !== startedOver) return true;
      if (!answer.ok) return this.resyncIfExpired(answer.error);
      const { page } = answer;
      if (this.isAnotherLog(page.epoch)) {
        this.startOver(page.cursor, page.epoch);
        return true;
      }
      this.epoch ??= page.epoch;
      for (const envelope of page.events) this.delivery.deliver(envelope.type, envelope);
      this.cursor = Math.max(this.cursor, page.cursor);
      if (!page.hasMore) {
        if (floor && this.syncFloor?.request === floor.request) this.syncFloor = null;
        return true;
      }
      since = page.cursor;
    }
  }

  /** Later after every failure in a row, so a database outage is not met with every client's `sync` each second. */
  private retryLater(): void {
    this.failedPasses++;
    if (this.retryTimer || !this.link.connected) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.catchUp().catch(() => undefined);
    }, backoff(this.failedPasses, this.timing));
  }

  /**
   * CURSOR_EXPIRED (the events after our cursor are gone) or CURSOR_INVALID (the log never
   * had our cursor): start over from the server's cursor (the catch-up is then complete).
   * Any other refusal leaves it incomplete, to be retried.
   */
  private resyncIfExpired(error: AckError["error"]): boolean {
    if ((error.code !== "CURSOR_EXPIRED" && error.code !== "CURSOR_INVALID") || typeof error.cursor !== "number") return false;
    this.startOver(error.cursor, typeof error.epoch === "string" ? error.epoch : this.epoch);
    return true;
  }

  private isAnotherLog(epoch: string | null | undefined): boolean {
    return Boolean(epoch && this.epoch && epoch !== this.epoch);
  }

  /** Resumes from the server's cursor of its log and has the page reload what it shows. */
  private startOver(cursor: number, epoch: string | null): void {
    if (epoch !== this.epoch) this.delivery.forgetSeen();
    this.startedOver++;
    this.cursor = cursor;
    this.cursorKnown = true;
    this.epoch = epoch;
    // The reload covers everything up to the new cursor: a floor left set would start the next catch-up below it again.
    this.syncFloor = null;
    for (const listener of this.resyncListeners) listener();
  }
}
