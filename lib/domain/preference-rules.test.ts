import { describe, expect, it } from "vitest";
import { DEFAULT_PREFERENCES, kindOf, wantsOn, type NotificationPreferences } from "./preference-rules";

describe("notification preference rules", () => {
  const chatMuted: NotificationPreferences = { ...DEFAULT_PREFERENCES, chat: { toast: false, inbox: true }, system: { toast: true, inbox: false } };

  it("keeps everything by default", () => {
    expect(wantsOn(DEFAULT_PREFERENCES, "toast", { type: "chat", priority: "low" })).toBe(true);
    expect(wantsOn(DEFAULT_PREFERENCES, "inbox", { type: "payout", priority: "medium" })).toBe(true);
  });

  it("mutes one channel of one kind only", () => {
    expect(wantsOn(chatMuted, "toast", { type: "chat", priority: "high" })).toBe(false);
    expect(wantsOn(chatMuted, "inbox", { type: "chat", priority: "high" })).toBe(true);
    expect(wantsOn(chatMuted, "toast", { type: "booking", priority: "high" })).toBe(true);
  });

  it("never mutes a critical item", () => {
    expect(wantsOn(chatMuted, "toast", { type: "chat", priority: "critical" })).toBe(true);
    expect(wantsOn(chatMuted, "inbox", { type: "system", priority: "critical" })).toBe(true);
  });

  it("treats announcements as the system kind", () => {
    expect(kindOf("announcement")).toBe("system");
    expect(wantsOn(chatMuted, "inbox", { type: "announcement", priority: "high" })).toBe(false);
    expect(wantsOn(chatMuted, "toast", { type: "announcement", priority: "medium" })).toBe(true);
  });
});
