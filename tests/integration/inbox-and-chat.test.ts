import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { NotificationView } from "../../lib/domain/notification-view";
import type { ApiClient } from "./support/api";
import { pendingBooking, useServer } from "./support/fixtures";
import { DATABASES } from "./support/server";
import { ask, record, seenBeforeMarker, triggerAsService, useSockets, waitFor } from "./support/sockets";

type Inbox = { notifications: NotificationView[]; unread: number; nextCursor: string | null };

/** Every item of an inbox query, `limit` at a time, following nextCursor to the end. */
async function everyPage(user: ApiClient, query: string, limit: number): Promise<NotificationView[]> {
  const items: NotificationView[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const reply: { status: number; body: Inbox } = await user.get(`/api/notifications?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.notifications.length).toBeLessThanOrEqual(limit);
    items.push(...reply.body.notifications);
    cursor = reply.body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error("paging did not end within 100 pages");
}

/** Posts an announcement as the admin and returns its id. */
async function announce(users: { admin: ApiClient }, body: { message: string; level: string; roles?: string[] }): Promise<string> {
  const reply = await users.admin.post("/api/realtime/announcement", body);
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body.announcement.id;
}

const inboxOf = async (user: ApiClient, query = ""): Promise<Inbox> => (await user.get(`/api/notifications?limit=100${query}`)).body;

describe.each(DATABASES)("inbox and chat on %s", (kind) => {
  const ctx = useServer(kind);
  const sockets = useSockets(() => ctx.server);

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

  it("merges the announcements addressed to the caller into the inbox, newest first, paged across both kinds", async () => {
    const { users, server } = ctx;
    const tag = randomUUID().slice(0, 8);
    const toEveryone = await announce(users, { message: `Maintenance tonight ${tag}`, level: "info" });
    await pendingBooking(users, "client2"); // "Booking requested" for client2, "New booking request" for the provider
    const toProviders = await announce(users, { message: `Providers: new payout dates ${tag}`, level: "warning", roles: ["PROVIDER"] });
    const toClients = await announce(users, { message: `Clients: prices change ${tag}`, level: "critical", roles: ["CLIENT", "STAFF"] });
    await triggerAsService(server, { event: "test:notice", to: { users: [users.client2.user!.id] }, notification: { title: `Notice ${tag}` } });

    const all = (await inboxOf(users.client2)).notifications;
    const ids = all.map((n) => n.id);
    expect(ids).toEqual(expect.arrayContaining([toEveryone, toClients]));
    expect(ids).not.toContain(toProviders);
    const newestFirst = [...all].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));
    expect(ids).toEqual(newestFirst.map((n) => n.id));
    expect(all.slice(0, 3).map((n) => n.title)).toEqual([`Notice ${tag}`, "Announcement", "Booking requested"]);
    expect(all.find((n) => n.id === toClients)).toEqual({
      id: toClients,
      type: "announcement",
      title: "Announcement",
      body: `Clients: prices change ${tag}`,
      priority: "critical",
      data: { level: "critical", author: users.admin.user!.name },
      createdAt: expect.stringMatching(/Z$/),
      read: false,
    });
    expect(all.find((n) => n.id === toEveryone)).toMatchObject({ priority: "medium", data: { level: "info" } });

    // Every page size walks the same list, whichever kind sits on a page boundary.
    for (const limit of [1, 2, 3]) expect((await everyPage(users.client2, "", limit)).map((n) => n.id), `limit ${limit}`).toEqual(ids);
    const announcements = await everyPage(users.client2, "&types=announcement", 1);
    expect(announcements.map((n) => n.id)).toEqual(all.filter((n) => n.type === "announcement").map((n) => n.id));
    expect((await inboxOf(users.client2, "&types=booking,system")).notifications.map((n) => n.type)).toEqual(
      all.filter((n) => n.type === "booking" || n.type === "system").map((n) => n.type),
    );

    const providerIds = (await inboxOf(users.provider2)).notifications.map((n) => n.id);
    expect(providerIds).toEqual(expect.arrayContaining([toEveryone, toProviders]));
    expect(providerIds).not.toContain(toClients);
    const staffIds = (await inboxOf(users.staff)).notifications.map((n) => n.id);
    expect(staffIds).toEqual(expect.arrayContaining([toEveryone, toClients]));
    expect((await users.client2.get(`/api/notifications?cursor=${toProviders}`)).body.error.field).toBe("cursor");
    expect((await users.client2.get("/api/notifications?types=booking,spam")).body.error.field).toBe("types.1");

    // One row per announcement, whoever reads it; no inbox rows for it.
    const [row] = await server.query<{ n: number }>(`SELECT COUNT(*) AS n FROM "Announcement" WHERE message LIKE $1`, [`%${tag}`]);
    expect(Number(row.n)).toBe(3);
    const [copies] = await server.query<{ n: number }>(`SELECT COUNT(*) AS n FROM "Notification" WHERE body LIKE $1`, [`%${tag}`]);
    expect(Number(copies.n)).toBe(0);
  });

  it("reads announcements with one mark per user: by id (never backwards) or all; unread counts both kinds", async () => {
    const { users, server } = ctx;
    await users.client2.post("/api/notifications/read", { all: true });
    const otherBefore = (await inboxOf(users.client)).unread;
    const first = await announce(users, { message: "First of two", level: "info", roles: ["CLIENT"] });
    const second = await announce(users, { message: "Second of two", level: "warning" });
    const notice = await triggerAsService(server, { event: "test:notice", to: { users: [users.client2.user!.id] }, notification: { title: "Unread row" } });
    expect(notice.eventId).toBeGreaterThan(0);

    const readOf = async () => Object.fromEntries((await inboxOf(users.client2)).notifications.map((n) => [n.id, n.read]));
    expect((await inboxOf(users.client2)).unread).toBe(3);
    expect((await inboxOf(users.client2, "&unread=true")).notifications.map((n) => n.title)).toEqual(["Unread row", "Announcement", "Announcement"]);

    expect((await users.client2.post("/api/notifications/read", { ids: [first] })).body.unread).toBe(2);
    expect(await readOf()).toMatchObject({ [first]: true, [second]: false });
    expect((await users.client2.post("/api/notifications/read", { ids: [second] })).body.unread).toBe(1);
    expect((await users.client2.post("/api/notifications/read", { ids: [first] })).body.unread).toBe(1); // the mark stays at the second
    expect(await readOf()).toMatchObject({ [first]: true, [second]: true });
    expect((await inboxOf(users.client2, "&unread=true")).notifications.map((n) => n.title)).toEqual(["Unread row"]);
    expect((await inboxOf(users.client)).unread, "another user's announcements stay unread").toBe(otherBefore + 2);

    expect((await users.client2.post("/api/notifications/read", { all: true })).body.unread).toBe(0);
    expect(Object.values(await readOf()).every(Boolean)).toBe(true);
    const later = await announce(users, { message: "After reading everything", level: "critical" });
    const inbox = await inboxOf(users.client2);
    expect(inbox.unread).toBe(1);
    expect(inbox.notifications[0]).toMatchObject({ id: later, read: false, priority: "critical" });
    const [mark] = await server.query<{ at: unknown }>(`SELECT "announcementsReadAt" AS at FROM "User" WHERE id = $1`, [users.client2.user!.id]);
    expect(mark.at).not.toBeNull();
  });

  it("tells every tab of the user what was read, over HTTP or the socket, and nobody else", async () => {
    const { users, server } = ctx;
    await users.client2.post("/api/notifications/read", { all: true });
    const tabA = await sockets.connect(users.client2);
    const tabB = await sockets.connect(users.client2);
    const other = await sockets.connect(users.client);
    const seen = { a: record(tabA.socket), b: record(tabB.socket), other: record(other.socket) };
    const arrived = waitFor(tabB.socket, "notification:new");
    await triggerAsService(server, { event: "test:notice", to: { users: [users.client2.user!.id] }, notification: { title: "Read me" } });
    const { notification } = (await arrived).data as { notification: NotificationView };
    const announcement = await announce(users, { message: "Read me too", level: "info" });
    expect((await inboxOf(users.client2)).unread).toBe(2);

    const readOne = [waitFor(tabA.socket, "notifications:read"), waitFor(tabB.socket, "notifications:read")];
    expect((await users.client2.post("/api/notifications/read", { ids: [notification.id, announcement] })).body.unread).toBe(0);
    for (const heard of await Promise.all(readOne)) {
      expect(heard).toMatchObject({ eventId: null, type: "notifications:read", data: { ids: [notification.id, announcement], unread: 0 } });
    }

    const readAll = [waitFor(tabA.socket, "notifications:read"), waitFor(tabB.socket, "notifications:read")];
    expect(await ask(tabA.socket, "notification:read", { all: true })).toEqual({ ok: true, unread: 0 });
    for (const heard of await Promise.all(readAll)) expect(heard.data).toEqual({ all: true, unread: 0 });

    // Nothing changes when the ids are someone else's or already read: no event at all.
    const othersId = (await inboxOf(users.client)).notifications.find((n) => n.type !== "announcement")!.id;
    expect((await users.client2.post("/api/notifications/read", { ids: [othersId, notification.id] })).body.unread).toBe(0);
    const [a, b, others] = await seenBeforeMarker(server, [
      { socket: tabA.socket, seen: seen.a },
      { socket: tabB.socket, seen: seen.b },
      { socket: other.socket, seen: seen.other },
    ]);
    for (const tab of [a, b]) expect(tab.filter((e) => e.type === "notifications:read")).toHaveLength(2);
    expect(others.filter((e) => e.type === "notifications:read")).toEqual([]);
  });
});
