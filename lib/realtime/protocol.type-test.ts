/**
 * Compile-time proof that the server's events are typed once (protocol.ts `ServerEvents`):
 * `npm run typecheck` fails if any line marked @ts-expect-error compiles, that is, if a
 * wrong payload or an unknown event name were accepted. Never imported; nothing runs.
 */
import type { useRealtimeEvent } from "@/hooks/use-realtime";
import type { Outbox } from "../domain/transaction";
import type { BookingView } from "../domain/views";
import { volatileEnvelope, type ServerToClientEvents } from "./protocol";

declare const outbox: Outbox;
declare const booking: BookingView;

outbox.event("booking:updated", { action: "accepted", booking }, []);
// @ts-expect-error a booking:updated without its booking
outbox.event("booking:updated", { action: "accepted" }, []);
// @ts-expect-error an action the booking state machine does not have
outbox.event("booking:updated", { action: "teleported", booking }, []);
// @ts-expect-error a first-party event name that does not exist (third parties use `triggered`)
outbox.event("booking:moved", { booking }, []);
outbox.triggered("shipping:dispatched", { anything: true }, []);
// @ts-expect-error a chat message is { message }, not the message itself
outbox.event("chat:message", { id: "m", bookingId: "b", senderId: "u", body: "hi", createdAt: "" }, []);
// @ts-expect-error presence carries a boolean
volatileEnvelope("presence:updated", { userId: "u", online: "yes" });

declare const listeners: ServerToClientEvents;
listeners["payment:updated"]({ eventId: 1, type: "payment:updated", ts: "", data: { action: "escrowed", payment: booking.payment!, booking } });
// @ts-expect-error a socket listener of payment:updated is given the payment where the booking belongs
listeners["payment:updated"]({ eventId: 1, type: "payment:updated", ts: "", data: { action: "escrowed", payment: booking.payment!, booking: booking.payment! } });

// The browser hook reads the same map: the payload is known from the event's name.
declare const useEvent: typeof useRealtimeEvent;
useEvent("payment:updated", ({ booking: paid, payment }) => [paid.id, payment.status]);
// @ts-expect-error a payment:updated carries no payout
useEvent("payment:updated", ({ payout }) => payout);
