import type { Ack } from "../protocol";
import { backoff, delay, type Timing } from "./options";
import type { ServerLink } from "./server-link";

/** Refusals that mean "not now" rather than "no": a subscribe is asked again after a growing delay. */
const TRANSIENT_REFUSALS = new Set(["RATE_LIMITED", "DB_UNAVAILABLE", "TIMEOUT"]);

/**
 * The rooms this tab wants, with how many components want each: joined now and after every
 * reconnection, left once the last of them lets go.
 */
export class Rooms {
  private readonly wanted = new Map<string, number>();

  constructor(
    private readonly link: Pick<ServerLink, "connected" | "request">,
    private readonly timing: Timing,
  ) {}

  /** The rooms wanted now, in the order first asked for. */
  get names(): string[] {
    return [...this.wanted.keys()];
  }

  /** Joins a room now and after every reconnection, until `unsubscribe`. Counted per caller. */
  async subscribe(room: string): Promise<Ack<{ room: string }>> {
    this.wanted.set(room, (this.wanted.get(room) ?? 0) + 1);
    if (!this.link.connected) return { ok: true, room };
    return this.join(room);
  }

  /** Leaves a room once every `subscribe` for it has been matched by an `unsubscribe`. */
  async unsubscribe(room: string): Promise<void> {
    const wanted = (this.wanted.get(room) ?? 1) - 1;
    if (wanted > 0) return void this.wanted.set(room, wanted);
    this.wanted.delete(room);
    if (this.link.connected) await this.link.request("unsubscribe", { room });
  }

  /** On a new socket: joins every wanted room again. */
  rejoin(): Promise<Ack<{ room: string }>[]> {
    return Promise.all(this.names.map((room) => this.join(room)));
  }

  /** Asks to join a room, again after a growing delay while the server answers "not now" and the room is still wanted. */
  private async join(room: string): Promise<Ack<{ room: string }>> {
    for (let attempt = 1; ; attempt++) {
      const answer = await this.link.request("subscribe", { room });
      if (answer.ok || !TRANSIENT_REFUSALS.has(answer.error.code)) return answer;
      await delay(backoff(attempt, this.timing));
      if (!this.wanted.has(room)) return answer;
    }
  }
}
