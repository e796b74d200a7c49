import { json, readJson, readQuery, withAccess } from "@/lib/api/handler";
import { listChatMessages, sendChatMessage } from "@/lib/domain/chat";
import { chatMessageBodySchema, listMessagesQuerySchema } from "@/lib/validation/schemas";

export const GET = withAccess<{ id: string }>("GET /api/bookings/:id/messages", async (req, { caller, params }) =>
  json({ messages: await listChatMessages(caller, params.id, readQuery(req, listMessagesQuerySchema)) }),
);

export const POST = withAccess<{ id: string }>("POST /api/bookings/:id/messages", async (req, { caller, params }) => {
  const { body } = await readJson(req, chatMessageBodySchema);
  return json({ message: await sendChatMessage(caller, params.id, body) }, 201);
});
