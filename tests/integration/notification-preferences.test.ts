import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ApiClient } from "./support/api";
import { bookingIn, useServer } from "./support/fixtures";
import { MANUAL_PROCESSOR, sendWebhook } from "./support/money";
import { DATABASES } from "./support/server";
import { record, seenBeforeMarker, triggerAsService, useSockets, waitFor } from "./support/sockets";

/**
 * Notification preferences against the real server: a muted kind writes no inbox row (and,
 * with toasts muted too, sends nothing), a critical item comes through anyway, and the
 * settings themselves are the caller's own and validated.
 */
describe.each(DATABASES)("notification preferences on %s", (kind) => {
  // The test sends the processor's webhooks itself.
  const ctx = useServer(kind, MANUAL_PROCESSOR);
  const sockets = useSockets(() => ctx.server);

  const ALL_ON = { toast: true, inbox: true };

  async function inboxRows(user: ApiClient, title: string): Promise<number> {
    const rows = await ctx.server.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM "Notification" WHERE "userId" = $1 AND title = $2`, [
      user.user!.id,
      title,
    ]);
    return Number(rows[0].n);
  }

  /** A system notification to one user, as an internal service sends it. */
  function systemNotice(user: ApiClient, priority: "medium" | "critical") {
    const title = `Notice ${randomUUID()}`;
    const sent = triggerAsService(ctx.server, {
      event: "system:notice",
      to: { users: [user.user!.id] },
      notification: { title, body: "", priority },
    });
    return { title, sent };
  }

  async function setPreferences(user: ApiClient, changes: object) {
    const reply = await user.put("/api/notifications/preferences", changes);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return reply.body.preferences;
  }

  it("everything is on until changed; a change is the caller's own and reaches their other tabs", async () => {
    const { staff, admin } = ctx.users;
    const initial = await staff.get("/api/notifications/preferences");
    expect(initial.body.preferences).toEqual({ booking: ALL_ON, payment: ALL_ON, payout: ALL_ON, chat: ALL_ON, system: ALL_ON });

    const { socket } = await sockets.connect(staff);
    const told = waitFor<{ data: { preferences: Record<string, unknown> } }>(socket, "preferences:updated");
    const changed = await setPreferences(staff, { chat: { toast: false }, payout: { inbox: false, toast: false } });
    expect(changed).toMatchObject({ chat: { toast: false, inbox: true }, payout: { toast: false, inbox: false }, booking: ALL_ON });
    expect((await told).data.preferences).toEqual(changed);
    // Only the channels named change; the rest of a kind stays.
    expect(await setPreferences(staff, { chat: { inbox: false } })).toMatchObject({ chat: { toast: false, inbox: false } });
    expect((await staff.get("/api/notifications/preferences")).body.preferences.payout).toEqual({ toast: false, inbox: false });
    expect((await admin.get("/api/notifications/preferences")).body.preferences.chat).toEqual(ALL_ON);
  });

  it("bad input is a 400 naming the field and changes nothing", async () => {
    const { staff, anonymous } = ctx.users;
    const before = (await staff.get("/api/notifications/preferences")).body.preferences;
    const cases: [unknown, string][] = [
      [{ sms: { toast: false } }, "sms"],
      [{ chat: { toast: "no" } }, "chat.toast"],
      [{ chat: { email: false } }, "chat.email"],
      [{ chat: false }, "chat"],
      [{}, "body"],
      [[], "body"],
    ];
    for (const [body, field] of cases) {
      const reply = await staff.put("/api/notifications/preferences", body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body.error.field).toBe(field);
    }
    expect((await staff.request("PUT", "/api/notifications/preferences", "{not json")).status).toBe(400);
    expect((await anonymous.get("/api/notifications/preferences")).status).toBe(401);
    expect((await anonymous.put("/api/notifications/preferences", { chat: { toast: false } })).status).toBe(401);
    expect((await staff.get("/api/notifications/preferences")).body.preferences).toEqual(before);
  });

  it("a muted kind writes no inbox row and sends nothing, while a critical one still does", async () => {
    const { admin } = ctx.users;
    await setPreferences(admin, { system: { inbox: false, toast: false } });
    const { socket } = await sockets.connect(admin);
    const seen = record(socket);

    const muted = systemNotice(admin, "medium");
    await muted.sent;
    const critical = systemNotice(admin, "critical");
    await critical.sent;
    const [before] = await seenBeforeMarker(ctx.server, [{ socket, seen }]);

    expect(await inboxRows(admin, muted.title)).toBe(0);
    expect(await inboxRows(admin, critical.title)).toBe(1);
    const titles = before
      .filter((e) => e.type === "notification:new" || e.type === "notification:toast")
      .map((e) => `${e.type} ${(e.payload.data as { notification: { title: string } }).notification.title}`);
    expect(titles).toEqual([`notification:new ${critical.title}`]);
    const inbox = await admin.get("/api/notifications?limit=20");
    expect(inbox.body.notifications.map((n: { title: string }) => n.title)).toContain(critical.title);
    await setPreferences(admin, { system: ALL_ON });
  });

  it("inbox muted, toasts kept: a volatile notification:toast and no row; toasts muted, inbox kept: the row", async () => {
    const { staff } = ctx.users;
    await setPreferences(staff, { system: { inbox: false, toast: true } });
    const { socket } = await sockets.connect(staff);
    const seen = record(socket);
    const toastOnly = systemNotice(staff, "medium");
    await toastOnly.sent;
    await setPreferences(staff, { system: { inbox: true, toast: false } });
    const rowOnly = systemNotice(staff, "medium");
    await rowOnly.sent;
    const [before] = await seenBeforeMarker(ctx.server, [{ socket, seen }]);

    const toast = before.find((e) => e.type === "notification:toast");
    expect(toast?.payload.eventId).toBeNull();
    expect(toast?.payload.data).toMatchObject({ notification: { type: "system", title: toastOnly.title, priority: "medium" } });
    expect(await inboxRows(staff, toastOnly.title)).toBe(0);
    // Toasts are the browser's to hold back: the inbox row and its event are there.
    expect(await inboxRows(staff, rowOnly.title)).toBe(1);
    expect(before.some((e) => e.type === "notification:new" && JSON.stringify(e.payload.data).includes(rowOnly.title))).toBe(true);
    await setPreferences(staff, { system: ALL_ON });
  });

  it("a muted system inbox leaves announcements out of the inbox and its unread count, but for critical ones", async () => {
    const { admin, client2 } = ctx.users;
    const post = async (message: string, level: "info" | "critical") => {
      const reply = await admin.post("/api/realtime/announcement", { message, level });
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      return reply.body.announcement.id as string;
    };
    const inbox = async () => (await client2.get("/api/notifications?limit=100&types=announcement")).body;
    expect((await client2.post("/api/notifications/read", { all: true })).status).toBe(200);
    const info = await post(`Info ${randomUUID()}`, "info");
    const critical = await post(`Critical ${randomUUID()}`, "critical");
    expect((await inbox()).notifications.map((n: { id: string }) => n.id)).toEqual(expect.arrayContaining([info, critical]));

    await setPreferences(client2, { system: { inbox: false } });
    try {
      const muted = await inbox();
      const ids = muted.notifications.map((n: { id: string }) => n.id);
      expect(ids).toContain(critical);
      expect(ids).not.toContain(info);
      expect(muted.unread).toBe(1); // the critical one; the info one is not counted
      // Reading everything still moves the mark past the hidden ones.
      expect((await client2.post("/api/notifications/read", { all: true })).body.unread).toBe(0);
    } finally {
      await setPreferences(client2, { system: ALL_ON });
    }
    expect((await inbox()).notifications.map((n: { id: string }) => n.id)).toEqual(expect.arrayContaining([info, critical]));
  });

  it("triggers written together each answer their own event id, whoever among their users muted the inbox", async () => {
    const { staff, admin } = ctx.users;
    await setPreferences(staff, { system: { inbox: false } });
    try {
      // Sent at once, so they share group-committed batches: a muted user's notice writes no
      // event, and must not shift the ids handed to the triggers after it.
      const names = ["one", "two", "three", "four", "five", "six", "seven", "eight"];
      const sent = await Promise.all(
        names.map((name, i) =>
          triggerAsService(ctx.server, {
            event: `batch:${name}`,
            data: { i },
            to: { users: i % 2 ? [admin.user!.id] : [staff.user!.id, admin.user!.id] },
            notification: { title: `Batch ${i}`, body: "", priority: "medium" },
          }),
        ),
      );
      const ids = sent.map(({ eventId }) => eventId!);
      const rows = await ctx.server.query<{ id: number | string; type: string }>(`SELECT id, type FROM "Event" WHERE id IN (${ids.join(", ")})`);
      const typeOf = new Map(rows.map((row) => [Number(row.id), row.type]));
      expect(ids.map((id) => typeOf.get(id))).toEqual(names.map((name) => `batch:${name}`));
    } finally {
      await setPreferences(staff, { system: ALL_ON });
    }
  });

  it("the domain's own notices follow preferences: muted payments stay out of the inbox, a failed payment comes in", async () => {
    const { client, provider } = ctx.users;
    await setPreferences(client, { payment: { inbox: false, toast: false } });
    try {
      const escrowed = await bookingIn(ctx.users, "CONFIRMED");
      expect((await client.post(`/api/payments/${escrowed.id}/pay`, { method: "CARD" })).status).toBe(200);
      expect((await sendWebhook(ctx.server, { bookingId: escrowed.id, status: "PAID" })).body.outcome).toBe("applied");
      const declined = await bookingIn(ctx.users, "CONFIRMED");
      expect((await client.post(`/api/payments/${declined.id}/pay`, { method: "CARD" })).status).toBe(200);
      expect((await sendWebhook(ctx.server, { bookingId: declined.id, status: "FAILED" })).body.outcome).toBe("applied");

      const rowsAbout = (bookingId: string, user: ApiClient) =>
        ctx.server.query<{ title: string }>(`SELECT title FROM "Notification" WHERE "userId" = $1 AND type = 'payment' AND data LIKE $2`, [
          user.user!.id,
          `%${bookingId}%`,
        ]);
      expect(await rowsAbout(escrowed.id, client)).toEqual([]);
      expect((await rowsAbout(declined.id, client)).map((r) => r.title)).toEqual(["Payment failed"]);
      // The provider muted nothing and still hears of the escrow.
      expect((await rowsAbout(escrowed.id, provider)).map((r) => r.title)).toEqual(["Payment held in escrow"]);
    } finally {
      await setPreferences(client, { payment: ALL_ON });
    }
  });
});
