import { describe, expect, it } from "vitest";
import { cancellationTerms, disputeWindowEnd } from "./money-policy";

const policy = { lateCancelHours: 24, lateCancelFeePercent: 50 };
const now = new Date("2026-12-02T12:00:00Z");
const hoursFromNow = (h: number) => new Date(now.getTime() + h * 3_600_000);
const booking = (status: "PENDING" | "CONFIRMED", startsInHours: number, priceCents = 13500) => ({ status, scheduledAt: hoursFromNow(startsInHours), priceCents });

describe("cancellationTerms", () => {
  it("refunds everything before the provider confirmed, however late", () => {
    expect(cancellationTerms(booking("PENDING", 1), 13500, true, now, policy)).toMatchObject({ refundCents: 13500, feeCents: 0 });
  });

  it("refunds everything at least LATE_CANCEL_HOURS before the start, the boundary included", () => {
    expect(cancellationTerms(booking("CONFIRMED", 48), 13500, true, now, policy)).toMatchObject({ refundCents: 13500, feeCents: 0 });
    expect(cancellationTerms(booking("CONFIRMED", 24), 13500, true, now, policy)).toMatchObject({ refundCents: 13500, feeCents: 0 });
  });

  it("keeps the fee for the provider on a client's late cancellation of a confirmed booking", () => {
    expect(cancellationTerms(booking("CONFIRMED", 23.99), 13500, true, now, policy)).toMatchObject({ refundCents: 6750, feeCents: 6750 });
    expect(cancellationTerms(booking("CONFIRMED", -1), 13500, true, now, policy)).toMatchObject({ refundCents: 6750, feeCents: 6750 });
  });

  it("rounds the fee down, in the client's favour", () => {
    expect(cancellationTerms(booking("CONFIRMED", 1, 999), 999, true, now, policy)).toMatchObject({ refundCents: 500, feeCents: 499 });
    expect(cancellationTerms(booking("CONFIRMED", 1, 1), 1, true, now, policy)).toMatchObject({ refundCents: 1, feeCents: 0 });
  });

  it("refunds everything when the provider, an admin or the scheduler closes the booking", () => {
    expect(cancellationTerms(booking("CONFIRMED", 1), 13500, false, now, policy)).toMatchObject({ refundCents: 13500, feeCents: 0 });
  });

  it("takes the fee only out of money paid: nothing paid, nothing owed", () => {
    expect(cancellationTerms(booking("CONFIRMED", 1), 0, true, now, policy)).toMatchObject({ refundCents: 0, feeCents: 0 });
  });

  it("says from when the fee applies", () => {
    expect(cancellationTerms(booking("CONFIRMED", 30), 13500, true, now, policy).lateFrom).toBe(hoursFromNow(6).toISOString());
  });

  it.each([0, 100])("follows a fee of %i%%", (percent) => {
    const terms = cancellationTerms(booking("CONFIRMED", 1), 13500, true, now, { ...policy, lateCancelFeePercent: percent });
    expect(terms.feeCents).toBe((13500 * percent) / 100);
    expect(terms.refundCents + terms.feeCents).toBe(13500);
  });
});

describe("disputeWindowEnd", () => {
  it("is the window's length after completion", () => {
    expect(disputeWindowEnd(now, 48 * 3_600_000)).toEqual(hoursFromNow(48));
  });
});
