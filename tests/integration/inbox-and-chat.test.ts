import { describe, expect, it } from "vitest";
import { pendingBooking, useServer } from "./support/fixtures";
import { DATABASES } from "./support/server";

describe.each(DATABASES)("inbox and chat on %s", (kind) => {
  const ctx = useServer(kind);

  it("pages the inbox newest first without repeats, counting unread", async () => {
    const { users } = ctx;
    for (let i = 0; i < 5; i++) await pendingBooking(users); // each notifies the provider
    const seen: string[] = [];
    let cursor: string | null = null;
    let unread = -1;
    do {
      const reply: { body: { notifications: { id: string; createdAt: string }[]; nextCursor: string | null; unread: number } } =
        await users.provider.get(`/api/notifications?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(reply.body.notifications.length).toBeLessThanOrEqual(2);
      seen.push(...reply.body.notifications.map((n) => n.id));
      cursor = reply.body.nextCursor;
      unread = reply.body.unread;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect(unread).toBe(seen.length);
    const all = await users.provider.get("/api/notifications?limit=100");
    expect(all.body.notifications.map((n: { id: string }) => n.id)).toEqual(seen);
    const dates = all.body.notifications.map((n: { createdAt: string }) => n.createdAt);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect((await users.provider.get("/api/notifications?cursor=unknown")).status).toBe(400);
    expect((await users.provider.get("/api/notifications?cursor=&limit=")).status).toBe(200);
    expect((await users.provider.get("/api/notifications?limit=1000")).body.error.field).toBe("limit");
  });

  it("marks only the caller's own notifications read", async () => {
    const { users } = ctx;
    await pendingBooking(users);
    const mine = (await users.provider.get("/api/notifications?unread=true")).body;
    const theirs = (await users.client.get("/api/notifications?unread=true")).body;
    expect(mine.unread).toBeGreaterThan(1);
    const someoneElses = await users.provider.post("/api/notifications/read", { ids: [theirs.notifications[0].id] });
    expect(someoneElses.body.unread).toBe(mine.unread);
    expect((await users.client.get("/api/notifications")).body.unread).toBe(theirs.unread);
    const one = await users.provider.post("/api/notifications/read", { ids: [mine.notifications[0].id] });
    expect(one.body.unread).toBe(mine.unread - 1);
    expect((await users.provider.post("/api/notifications/read", { all: true })).body.unread).toBe(0);
    expect((await users.client.get("/api/notifications")).body.unread).toBe(theirs.unread);
    const bad = await users.provider.post("/api/notifications/read", { ids: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("ids");
  });

  it("chat: both parties send and read; the other party is notified; bad bodies are 400", async () => {
    const { users } = ctx;
    const booking = await pendingBooking(users);
    const path = `/api/bookings/${booking.id}/messages`;
    const sent = await users.client.post(path, { body: "  Is 9am fine?  " });
    expect(sent.status).toBe(201);
    expect(sent.body.message).toMatchObject({ bookingId: booking.id, senderId: users.client.user!.id, body: "Is 9am fine?" });
    await users.provider.post(path, { body: "Yes, see you then." });
    const history = await users.provider.get(path);
    expect(history.body.messages.map((m: { body: string }) => m.body)).toEqual(["Is 9am fine?", "Yes, see you then."]);
    const inbox = await users.provider.get("/api/notifications");
    expect(inbox.body.notifications[0]).toMatchObject({ type: "chat", title: "New message from Casey Client" });
    for (const body of [{ body: "" }, { body: "   " }, { body: "x".repeat(2001) }, { text: "hi" }, { body: 5 }]) {
      const reply = await users.client.post(path, body);
      expect(reply.status, JSON.stringify(body).slice(0, 40)).toBe(400);
    }
    expect((await users.client.get(path)).body.messages).toHaveLength(2);
  });
});
