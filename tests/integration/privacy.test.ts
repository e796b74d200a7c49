import { describe, expect, it } from "vitest";
import type { Envelope } from "../../lib/realtime/protocol";
import { pendingBooking, useServer } from "./support/fixtures";
import { ask, connectAs, latestEventId, record, seenBeforeMarker } from "./support/sockets";
import { DATABASES } from "./support/server";

/**
 * What one party may learn of another, and no one else (contract, Privacy and fair use).
 *
 * A booking's chat is its two parties' own (contract, Privacy and fair use): no one else
 * sees a message, by any path: the chat route, a socket in the booking's room, `sync` of
 * that room, or the polling route asking for it. Staff and admins in the room still hear of
 * the booking itself. (An admin may read a disputed booking's chat through the chat route,
 * audited: payments.test.ts.)
 */
describe.each(DATABASES)("privacy on %s", (kind) => {
  const ctx = useServer(kind);

  it("staff and admins never see a message, live, by sync or by polling; the parties do", async () => {
    const { users, server } = ctx;
    const booking = await pendingBooking(users);
    const room = `booking:${booking.id}`;
    const since = await latestEventId(server);
    const watchers = await Promise.all(
      (["staff", "admin", "client"] as const).map(async (who) => {
        const { socket } = await connectAs(users[who]);
        if (who !== "client") expect(await ask(socket, "subscribe", { room })).toMatchObject({ ok: true });
        return { who, socket, seen: record(socket) };
      }),
    );

    expect((await users.client.post(`/api/bookings/${booking.id}/messages`, { body: "The door code is 4711" })).status).toBe(201);
    expect((await users.provider.post(`/api/bookings/${booking.id}/accept`)).status).toBe(200);

    const heard = await seenBeforeMarker(server, watchers);
    const types = (seen: { type: string }[]) => seen.map((e) => e.type);
    for (const [i, { who }] of watchers.entries()) {
      expect(types(heard[i]), who).toContain("booking:updated");
      expect(types(heard[i]).includes("chat:message"), `${who} heard the message live`).toBe(who === "client");
    }
    for (const who of ["staff", "admin"] as const) {
      const synced = await ask<{ ok: boolean; events: Envelope[] }>(watchers.find((w) => w.who === who)!.socket, "sync", { since });
      expect(synced.ok).toBe(true);
      expect(types(synced.events), `${who} by sync`).not.toContain("chat:message");
      const polled = await users[who].get(`/api/realtime/events?since=${since}&rooms=${room}`);
      expect(polled.status).toBe(200);
      expect(types(polled.body.events), `${who} by polling`).not.toContain("chat:message");
      expect(types(polled.body.events), `${who} by polling`).toContain("booking:updated");
      expect((await users[who].get(`/api/bookings/${booking.id}/messages`)).status, `${who} by the chat route`).toBe(403);
    }
    const polledByProvider = await users.provider.get(`/api/realtime/events?since=${since}`);
    expect(types(polledByProvider.body.events)).toContain("chat:message");
    for (const { socket } of watchers) socket.close();
  });

  it("presence is shown only while the booking is open", async () => {
    const { users } = ctx;
    const booking = await pendingBooking(users);
    const presence = () => users.client.get(`/api/bookings/${booking.id}/presence`);
    expect((await presence()).status).toBe(200);
    expect((await users.client.post(`/api/bookings/${booking.id}/cancel`)).status).toBe(200);
    const closed = await presence();
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe("BOOKING_CLOSED");
    expect((await users.staff.get(`/api/bookings/${booking.id}/presence`)).status).toBe(409);
  });
});
