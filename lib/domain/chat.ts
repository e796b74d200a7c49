import { audienceRooms, authorize } from "../auth/access-policy";
import type { Caller } from "../auth/identity";
import { db } from "../db/client";
import { recordAudit } from "./audit";
import { invalid, notFound } from "./errors";
import { transaction } from "./transaction";

/**
 * Chat between a booking's client and provider. HTTP and the socket's `chat:send` both
 * call sendChatMessage, so a message is stored, evented and notified the same way.
 */

/** The booking as far as chat access depends on it: its parties and whether it is disputed. */
async function chatBooking(bookingId: string) {
  const booking = await db().booking.findUnique({
    where: { id: bookingId },
    select: { id: true, clientId: true, providerId: true, client: { select: { name: true } }, provider: { select: { name: true } }, dispute: { select: { resolvedAt: true } } },
  });
  if (!booking) throw notFound("Booking");
  return { ...booking, disputed: booking.dispute !== null && booking.dispute.resolvedAt === null };
}

function messageView(m: { id: string; bookingId: string; senderId: string; body: string; createdAt: Date }) {
  return { id: m.id, bookingId: m.bookingId, senderId: m.senderId, body: m.body, createdAt: m.createdAt.toISOString() };
}

/**
 * Chat is the two parties' own (`chat.read`). The one exception: an admin deciding a dispute
 * reads the disputed booking's chat, and each such reading is audited.
 */
async function assertMayReadChat(caller: Caller, bookingId: string): Promise<void> {
  const booking = await chatBooking(bookingId);
  authorize("chat.read", caller, booking);
  if (caller.id !== booking.clientId && caller.id !== booking.providerId) {
    await transaction((outbox) => recordAudit(outbox, caller, "chat.read", "Booking", bookingId, { reason: "dispute" }));
  }
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
  const booking = await chatBooking(bookingId);
  authorize("chat.send", caller, booking);
  const fromClient = caller.id === booking.clientId;
  const recipientId = fromClient ? booking.providerId : booking.clientId;
  // The sender's name as it is now, not as their credential carried it at sign-in (they may have renamed since).
  const senderName = (fromClient ? booking.client : booking.provider).name;
  return transaction(async (outbox) => {
    const message = messageView(await outbox.tx.chatMessage.create({ data: { bookingId, senderId: caller.id, body } }));
    // Whom `chat.read` admits for good: the two parties, not the booking's room, which staff and admins may watch.
    outbox.event("chat:message", { message }, audienceRooms("chat.read", booking));
    await outbox.notify(recipientId, {
      type: "chat",
      title: `New message from ${senderName}`,
      body: body.length > 140 ? `${body.slice(0, 139)}…` : body,
      priority: "low",
      data: { bookingId, messageId: message.id },
    });
    return message;
  });
}
