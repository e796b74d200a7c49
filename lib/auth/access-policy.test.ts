import { describe, expect, it } from "vitest";
import { ACCESS_POLICY, allows, allowsAsParty, audienceRooms, authorize, mayAsk, refusal, statesOf, type Permission } from "./access-policy";
import type { Caller, Role } from "./identity";

/**
 * What the contract says of the table itself. The access matrix test proves the server obeys
 * the table; these prove the table says what the contract promises, so a careless line in it
 * cannot pass both.
 */

const person = (id: string, role: Role): Caller => ({ id, role, email: `${id}@x.test`, name: id });
const client = person("c1", "CLIENT");
const provider = person("p1", "PROVIDER");
const admin = person("a1", "ADMIN");
const staff = person("s1", "STAFF");
const strangers = [person("c2", "CLIENT"), person("p2", "PROVIDER")];
const booking = { clientId: "c1", providerId: "p1", status: "CONFIRMED" as const };
const permissions = Object.keys(ACCESS_POLICY) as Permission[];

describe("the access policy", () => {
  it("never lets a stranger at a booking: no booking, chat, payment or room rule admits another client or provider", () => {
    const aboutBookings = permissions.filter((p) => /^(booking|chat)\.|^room\.booking$/.test(p) && !["booking.list", "booking.create"].includes(p));
    expect(aboutBookings.length).toBeGreaterThan(15);
    for (const p of aboutBookings) for (const stranger of strangers) expect(allows(p, stranger, { ...booking, disputed: true }), `${p} for ${stranger.id}`).toBe(false);
  });

  it("keeps chat to the two parties, and an admin only while the booking is disputed; staff never", () => {
    expect([client, provider].every((c) => allows("chat.read", c, booking) && allows("chat.send", c, booking))).toBe(true);
    expect(allows("chat.read", staff, { ...booking, disputed: true })).toBe(false);
    expect(allows("chat.read", admin, booking)).toBe(false);
    expect(allows("chat.read", admin, { ...booking, disputed: true })).toBe(true);
    expect(allows("chat.send", admin, { ...booking, disputed: true })).toBe(false);
    // Pushed (and synced) to the parties only: the admin reads a dispute's chat on request, audited.
    expect(audienceRooms("chat.read", { ...booking, disputed: true }).sort()).toEqual(["user:c1", "user:p1"]);
  });

  it("shows presence only while a booking is open, and says so with a conflict (409) rather than a refusal (403)", () => {
    expect(statesOf("booking.presence").slice().sort()).toEqual(["CONFIRMED", "IN_PROGRESS", "PENDING"]);
    expect(allows("booking.presence", client, { ...booking, status: "COMPLETED" })).toBe(false);
    expect(() => authorize("booking.presence", client, { ...booking, status: "COMPLETED" })).toThrow(expect.objectContaining({ kind: "conflict", code: "BOOKING_CLOSED" }));
    expect(() => authorize("booking.presence", strangers[0], booking)).toThrow(expect.objectContaining({ kind: "forbidden", code: "FORBIDDEN" }));
  });

  it("lets staff watch but change nothing: every permission staff hold is a read, or of their own account", () => {
    const reads = /\.(read|list|check|events|connection-status|connections|stats|metrics|presence)$|^room\.|^(inbox\.use|session\.revoke|account\.(update|password))$/;
    const held = permissions.filter((p) => allows(p, staff, booking) || allows(p, staff, { ...booking, disputed: true }));
    expect(held.filter((p) => !reads.test(p))).toEqual([]);
  });

  it("gates a route on role before any row is read, and says who may in the refusal", () => {
    expect(mayAsk("booking.accept", "ADMIN")).toBe(true); // the provider of the row: any role may ask, the row decides
    expect(mayAsk("booking.decline", "PROVIDER")).toBe(false);
    expect(mayAsk("service.alert", "CLIENT")).toBe(false);
    expect(refusal("booking.decline")).toBe("Only ADMIN may do this (booking.decline)");
    expect(refusal("booking.read")).toBe("Only the client or the provider of it; or ADMIN or STAFF may do this (booking.read)");
  });

  it("derives a booking's audience and the rooms a caller stands in from the same rules", () => {
    expect(audienceRooms("booking.read", booking).sort()).toEqual(["role:ADMIN", "role:STAFF", "user:c1", "user:p1"]);
    expect(allowsAsParty("room.provider", provider, { providerId: provider.id })).toBe(true);
    expect(allowsAsParty("room.provider", admin, { providerId: admin.id }), "an admin watches providers, is not one").toBe(false);
    expect(allowsAsParty("room.provider", client, { providerId: client.id })).toBe(false);
  });
});
