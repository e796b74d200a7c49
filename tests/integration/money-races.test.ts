import { describe, expect, it } from "vitest";
import type { ApiClient, Reply } from "./support/api";
import { pendingBooking, useServer } from "./support/fixtures";
import { DATABASES } from "./support/server";

/**
 * Two requests on one booking at the same moment. Each pair runs several times on fresh
 * bookings, both requests sent together; whatever order the database gives them, the
 * outcome must be one a serial order would give (the loser answers 409 with a code, never
 * 500), and no booking may end holding money it should not.
 */

const ROUNDS = 8;
const CLOSED = ["CANCELLED", "REJECTED", "DECLINED", "EXPIRED"];

describe.each(DATABASES)("conflicting requests on one booking on %s", (kind) => {
  const ctx = useServer(kind);

  const bookingNow = async (id: string) => (await ctx.users.admin.get(`/api/bookings/${id}`)).body.booking;

  /** A reply is a win (2xx) or a refusal with a code (409); anything else fails the test. */
  function expectWinOrConflict(reply: Reply, label: string) {
    expect([200, 409], `${label}: ${JSON.stringify(reply.body)}`).toContain(reply.status);
    if (reply.status === 409) expect(reply.body.error.code, label).toMatch(/^[A-Z_]+$/);
  }

  async function race(first: () => Promise<Reply>, second: () => Promise<Reply>) {
    return Promise.all([first(), second()]);
  }

  const pay = (client: ApiClient, id: string) => () => client.post(`/api/payments/${id}/pay`, { method: "CARD" });

  it("pay / cancel: a cancelled booking never keeps the money", async () => {
    const { users } = ctx;
    for (let round = 0; round < ROUNDS; round++) {
      const { id } = await pendingBooking(users);
      const [paid, cancelled] = await race(pay(users.client, id), () => users.client.post(`/api/bookings/${id}/cancel`));
      expectWinOrConflict(paid, "pay");
      expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
      const booking = await bookingNow(id);
      expect(booking.status).toBe("CANCELLED");
      expect(["REFUNDED", "FAILED", "PENDING", undefined], `round ${round}: ${JSON.stringify(booking.payment)}`).toContain(booking.payment?.status);
    }
  });

  it("pay / pay: one payment, the other attempt refused", async () => {
    const { users, server } = ctx;
    for (let round = 0; round < ROUNDS; round++) {
      const { id } = await pendingBooking(users);
      const replies = await race(pay(users.client, id), pay(users.client, id));
      replies.forEach((reply) => expectWinOrConflict(reply, "pay"));
      expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
      expect(replies.find((r) => r.status === 409)?.body.error.code).toBe("ALREADY_PAID");
      const rows = await server.query(`SELECT id FROM "Payment" WHERE "bookingId" = $1`, [id]);
      expect(rows).toHaveLength(1);
    }
  });

  it("decline / pay: a declined booking never keeps the money", async () => {
    const { users } = ctx;
    for (let round = 0; round < ROUNDS; round++) {
      const { id } = await pendingBooking(users);
      const [declined, paid] = await race(() => users.admin.post(`/api/admin/bookings/${id}/decline`, { reason: "race" }), pay(users.client, id));
      expect(declined.status, JSON.stringify(declined.body)).toBe(200);
      expectWinOrConflict(paid, "pay");
      const booking = await bookingNow(id);
      expect(CLOSED).toContain(booking.status);
      expect(["REFUNDED", "FAILED", "PENDING", undefined], `round ${round}: ${JSON.stringify(booking.payment)}`).toContain(booking.payment?.status);
    }
  });
});
