/**
 * Hands committed events to the realtime hub in the order of their ids.
 *
 * Ids are assigned in commit order (lib/db/event-log), but each transaction publishes
 * from its own continuation after its commit, and two of those can run in either order:
 * a client would see event 549 before 548. So a transaction takes its place in line while
 * it still holds the event log (after writing its events, before committing), and its
 * events go out only after those of every transaction ahead of it have gone out or been
 * rolled back. Places are taken under the event-log lock, so they follow the ids.
 */
export type PublishTurn = {
  /** After the commit: publish now, or as soon as everything ahead has gone. */
  publish(send: () => void): void;
  /** The transaction rolled back: give up the place without publishing. */
  cancel(): void;
};

export class PublishLine {
  private last: Promise<void> = Promise.resolve();

  /** Takes the next place in line; call while the event-log lock is held. */
  take(): PublishTurn {
    let settle!: (send: (() => void) | null) => void;
    const ready = new Promise<(() => void) | null>((resolve) => (settle = resolve));
    // `send` never throws out of here (transaction.ts catches inside it), so the line never breaks.
    this.last = this.last.then(() => ready).then((send) => send?.());
    return { publish: (send) => settle(send), cancel: () => settle(null) };
  }
}
