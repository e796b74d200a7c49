import { describe, expect, it } from "vitest";
import { formatMoment } from "./local-time";

describe("formatMoment", () => {
  const now = new Date("2026-12-03T12:00:00Z");

  it("leaves the year out for this year's dates", () => {
    expect(formatMoment(new Date("2026-12-31T10:00:00Z"), now, "UTC")).toBe("Thu, Dec 31, 10:00 AM UTC");
  });

  it("names the year of any other year's date, near or far", () => {
    expect(formatMoment(new Date("2027-01-02T10:00:00Z"), now, "UTC")).toBe("Sat, Jan 2, 2027, 10:00 AM UTC");
    expect(formatMoment(new Date("9999-12-31T10:00:00Z"), now, "UTC")).toBe("Fri, Dec 31, 9999, 10:00 AM UTC");
  });
});
