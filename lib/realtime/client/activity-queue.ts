import type { Ack, ClientEventPayload } from "../protocol";
import { backoff, delay, type Timing } from "./options";
import type { ServerLink } from "./server-link";

export type ActivityReport = ClientEventPayload<"activity:report">;

/** Activity reports kept while offline; older ones are let go first. */
export const QUEUED_REPORTS_LIMIT = 20;

/**
 * What the person does, for the admins' activity feed: sent at once when connected, else
 * kept (the newest `QUEUED_REPORTS_LIMIT`) until `sendQueued` after the next catch-up.
 */
export class ActivityQueue {
  private readonly queued: ActivityReport[] = [];
  private sending = false;

  constructor(
    private readonly link: Pick<ServerLink, "connected" | "request">,
    private readonly timing: Timing,
  ) {}

  /** Reports what the person did; sent now when connected, else queued. */
  async report(activity: ActivityReport): Promise<Ack<object>> {
    if (this.link.connected) return this.link.request("activity:report", activity);
    this.queued.push(activity);
    if (this.queued.length > QUEUED_REPORTS_LIMIT) this.queued.shift();
    return { ok: false, error: { code: "OFFLINE", message: "Queued until connected" } };
  }

  /** Sends the reports kept while offline one at a time; one refused as too many goes back to the queue and waits. */
  async sendQueued(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      for (let refused = 0; this.queued.length > 0 && this.link.connected; ) {
        const report = this.queued.shift()!;
        const answer = await this.link.request("activity:report", report);
        if (answer.ok || answer.error.code !== "RATE_LIMITED") {
          refused = 0;
          continue;
        }
        this.queued.unshift(report);
        await delay(backoff(++refused, this.timing));
      }
    } finally {
      this.sending = false;
    }
  }
}
