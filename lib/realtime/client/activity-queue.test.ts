import { describe, expect, it, vi } from "vitest";
import type { Ack } from "../protocol";
import { ActivityQueue, QUEUED_REPORTS_LIMIT, type ActivityReport } from "./activity-queue";
import { timingOf } from "./options";
import { useFakeTimersWithoutJitter } from "./no-jitter-timers";

/** A stand-in for the server link: records the paths reported and answers from `answer`. */
function fakeLink() {
  const sent: string[] = [];
  const link = {
    connected: false,
    answer: (): Ack<object> => ({ ok: true }),
    async request(_event: string, report: ActivityReport) {
      sent.push(report.kind === "page-view" ? report.path : report.kind);
      return link.answer();
    },
  };
  return { link, sent };
}

const view = (path: string): ActivityReport => ({ kind: "page-view", path });

describe("ActivityQueue", () => {
  useFakeTimersWithoutJitter();

  it("keeps the newest reports while offline and sends them in order once connected", async () => {
    const { link, sent } = fakeLink();
    const queue = new ActivityQueue(link as never, timingOf({}));
    for (let i = 0; i < QUEUED_REPORTS_LIMIT + 2; i++) expect(await queue.report(view(`/p${i}`))).toMatchObject({ ok: false, error: { code: "OFFLINE" } });
    expect(sent).toEqual([]);
    link.connected = true;
    await queue.sendQueued();
    expect(sent).toEqual(Array.from({ length: QUEUED_REPORTS_LIMIT }, (_, i) => `/p${i + 2}`));
    await queue.report(view("/now"));
    expect(sent.at(-1), "sent at once when connected").toBe("/now");
  });

  it("puts a report refused as too many back at the front and sends it again after a delay", async () => {
    const { link, sent } = fakeLink();
    const queue = new ActivityQueue(link as never, timingOf({ reconnectDelayMs: 1000 }));
    await queue.report(view("/a"));
    await queue.report(view("/b"));
    link.connected = true;
    let refusals = 1;
    link.answer = () => (refusals-- > 0 ? { ok: false, error: { code: "RATE_LIMITED", message: "Too many" } } : { ok: true });
    const sending = queue.sendQueued();
    await vi.advanceTimersByTimeAsync(999);
    expect(sent).toEqual(["/a"]);
    await vi.advanceTimersByTimeAsync(1);
    await sending;
    expect(sent).toEqual(["/a", "/a", "/b"]);
  });
});
