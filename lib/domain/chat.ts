import { forbidden, invalid, notFound } from "../api/errors";
import type { Caller } from "../auth/identity";
import { db } from "../db/client";
import { rooms } from "../realtime/rooms";
import { recordAudit } from "./audit";
import { transaction } from "./transaction";

/**
 * Chat between a booking's client and provider. HTTP and the socket's `chat:send` both
 * call sendChatMessage, so a message is stored, evented and notified the same way.
 */

async function bookingForParticipant(caller: Caller, bookingId: string) {
  const booking = await db().booking.findUnique({
    where: { id: bookingId },
    select: { id: true, clientId: true, providerId: true, service: { select: { title: true } } },
  });
  if (!booking) throw notFound("Booking");
  if (booking.clientId !== caller.id && booking.providerId !== caller.id) {
    throw forbidden("Only the booking's client and provider may use its chat");
  }
  return booking;
}

function messageView(m: { id: string; bookingId: string; senderId: string; body: string; createdAt: Date }) {
  return { id: m.id, bookingId: m.bookingId, senderId: m.senderId, body: m.body, createdAt: m.createdAt.toISOString() };
}

/**
 * Chat is the two parties' own. The one exception: an admin deciding a dispute reads the
 * disputed booking's chat, and each reading is audited.
 */
async function assertMayReadChat(caller: Caller, bookingId: string): Promise<void> {
  if (caller.role !== "ADMIN") {
    await bookingForParticipant(caller, bookingId);
    return;
  }
  const dispute = await db().dispute.findUnique({ where: { bookingId }, select: { resolvedAt: true } });
  if (!dispute || dispute.resolvedAt) throw forbidden("Admins may read a booking's chat only while it is disputed");
  await recordAudit(db(), caller, "chat.read", "Booking", bookingId, { reason: "dispute" });
}

/** History, oldest first within the page; `before` pages back from a message id. */
export async function listChatMessages(caller: Caller, bookingId: string, query: { before?: string; limit: number }) {
  await assertMayReadChat(caller, bookingId);
  let older = {};
  if (query.before) {
    const anchor = await db().chatMessage.findFirst({ where: { id: query.before, bookingId } });
    if (!anchor) throw invalid("before", "is not a message of this booking");
    older = { OR: [{ createdAt: { lt: anchor.createdAt } }, { createdAt: anchor.createdAt, id: { lt: anchor.id } }] };
  }
  const rows = await db().chatMessage.findMany({
    where: { bookingId, ...older },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit,
  });
  return rows.reverse().map(messageView);
}

export async function sendChatMessage(caller: Caller, bookingId: string, body: string) {
  const booking = await bookingForParticipant(caller, bookingId);
  const recipientId = caller.id === booking.clientId ? booking.providerId : booking.clientId;
  return transaction(async (outbox) => {
    const message = messageView(await outbox.tx.chatMessage.create({ data: { bookingId, senderId: caller.id, body } }));
    // The two parties only: not the booking's room, which staff and admins may watch (and sync).
    outbox.event("chat:message", { message }, [rooms.user(booking.clientId), rooms.user(booking.providerId)]);
    await outbox.notify(recipientId, {
      type: "chat",
      title: `New message from ${caller.name}`,
      body: body.length > 140 ? `${body.slice(0, 139)}…` : body,
      priority: "low",
      data: { bookingId, messageId: message.id },
    });
    return message;
  });
}
