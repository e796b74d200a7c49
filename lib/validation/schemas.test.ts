import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import { errorBody, fromZodError } from "../api/errors";
import {
  cancelBookingBodySchema,
  openDisputeBodySchema,
  resolveDisputeBodySchema,
  chatMessageBodySchema,
  createBookingBodySchema,
  declineBookingBodySchema,
  listBookingsQuerySchema,
  listMessagesQuerySchema,
  listNotificationsQuerySchema,
  markNotificationsReadBodySchema,
  payBodySchema,
  paymentWebhookBodySchema,
  setAvailabilityBodySchema,
  signInSchema,
} from "./schemas";

// Date.now() is pinned so "in the future" has a fixed boundary.
const NOW = new Date("2030-06-01T12:00:00.000Z");
beforeEach(() => vi.setSystemTime(NOW));
afterEach(() => vi.useRealTimers());

const booking = { serviceId: "svc_1", scheduledAt: "2030-06-02T09:30:00Z" };

type Case = { name: string; schema: z.ZodType; input: unknown };

const accepted: (Case & { output: unknown })[] = [
  { name: "sign-in, email normalised", schema: signInSchema, input: { email: " Client@Demo.Test ", password: "pw" }, output: { email: "client@demo.test", password: "pw" } },
  { name: "booking in UTC", schema: createBookingBodySchema, input: booking, output: { serviceId: "svc_1", scheduledAt: new Date("2030-06-02T09:30:00Z") } },
  { name: "booking with an offset", schema: createBookingBodySchema, input: { serviceId: "svc_1", scheduledAt: "2030-06-01T14:00:01+02:00" }, output: { serviceId: "svc_1", scheduledAt: new Date("2030-06-01T12:00:01Z") } },
  { name: "pay by card", schema: payBodySchema, input: { method: "CARD" }, output: { method: "CARD" } },
  { name: "pay in cash", schema: payBodySchema, input: { method: "CASH" }, output: { method: "CASH" } },
  { name: "webhook, extra processor fields dropped", schema: paymentWebhookBodySchema, input: { id: "evt_1", bookingId: "b1", status: "ESCROW", livemode: false }, output: { id: "evt_1", bookingId: "b1", status: "ESCROW" } },
  { name: "webhook, naming the attempt", schema: paymentWebhookBodySchema, input: { id: "evt_1", bookingId: "b1", paymentId: "p1", status: "PAID" }, output: { id: "evt_1", bookingId: "b1", paymentId: "p1", status: "PAID" } },
  { name: "cancel, with the refund the client expects", schema: cancelBookingBodySchema, input: { expectedRefundCents: 6750 }, output: { expectedRefundCents: 6750 } },
  { name: "dispute split", schema: resolveDisputeBodySchema, input: { outcome: "split", refundCents: 100, note: " half " }, output: { outcome: "split", refundCents: 100, note: "half" } },
  { name: "availability 0", schema: setAvailabilityBodySchema, input: { available: 0 }, output: { available: 0 } },
  { name: "decline without reason", schema: declineBookingBodySchema, input: {}, output: {} },
  { name: "decline reason trimmed", schema: declineBookingBodySchema, input: { reason: "  spam  " }, output: { reason: "spam" } },
  { name: "read some", schema: markNotificationsReadBodySchema, input: { ids: ["n1", "n2"] }, output: { ids: ["n1", "n2"] } },
  { name: "read all", schema: markNotificationsReadBodySchema, input: { all: true }, output: { all: true } },
  { name: "chat body trimmed", schema: chatMessageBodySchema, input: { body: "  hi there  " }, output: { body: "hi there" } },
  { name: "chat body of 2000 chars", schema: chatMessageBodySchema, input: { body: "x".repeat(2000) }, output: { body: "x".repeat(2000) } },
  { name: "notifications defaults", schema: listNotificationsQuerySchema, input: {}, output: { limit: 20, unread: false } },
  { name: "notifications coerced", schema: listNotificationsQuerySchema, input: { cursor: "c1", limit: "100", unread: "true" }, output: { cursor: "c1", limit: 100, unread: true } },
  { name: "notifications of some types", schema: listNotificationsQuerySchema, input: { types: "payment, payout,payment" }, output: { limit: 20, unread: false, types: ["payment", "payout"] } },
  { name: "messages defaults", schema: listMessagesQuerySchema, input: {}, output: { limit: 50 } },
  { name: "messages coerced", schema: listMessagesQuerySchema, input: { before: "m9", limit: "200" }, output: { before: "m9", limit: 200 } },
  { name: "bookings defaults", schema: listBookingsQuerySchema, input: {}, output: { limit: 50 } },
  { name: "bookings coerced", schema: listBookingsQuerySchema, input: { status: "EXPIRED", limit: "1" }, output: { status: "EXPIRED", limit: 1 } },
];

// `path` is the first issue's path: the field a 400 names. [] is the body as a whole.
const rejected: (Case & { path: (string | number)[] })[] = [
  { name: "sign-in, not an email", schema: signInSchema, input: { email: "client", password: "pw" }, path: ["email"] },
  { name: "sign-in, empty password", schema: signInSchema, input: { email: "a@b.test", password: "" }, path: ["password"] },
  { name: "booking, serviceId missing", schema: createBookingBodySchema, input: { scheduledAt: booking.scheduledAt }, path: ["serviceId"] },
  { name: "booking, serviceId blank", schema: createBookingBodySchema, input: { ...booking, serviceId: "   " }, path: ["serviceId"] },
  { name: "booking, serviceId too long", schema: createBookingBodySchema, input: { ...booking, serviceId: "s".repeat(65) }, path: ["serviceId"] },
  { name: "booking, in the past", schema: createBookingBodySchema, input: { ...booking, scheduledAt: "2020-01-01T00:00:00Z" }, path: ["scheduledAt"] },
  { name: "booking, exactly now", schema: createBookingBodySchema, input: { ...booking, scheduledAt: NOW.toISOString() }, path: ["scheduledAt"] },
  { name: "booking, not a date", schema: createBookingBodySchema, input: { ...booking, scheduledAt: "tomorrow" }, path: ["scheduledAt"] },
  { name: "booking, no time zone", schema: createBookingBodySchema, input: { ...booking, scheduledAt: "2030-06-02T09:30:00" }, path: ["scheduledAt"] },
  { name: "booking, date only", schema: createBookingBodySchema, input: { ...booking, scheduledAt: "2030-06-02" }, path: ["scheduledAt"] },
  { name: "booking, impossible date", schema: createBookingBodySchema, input: { ...booking, scheduledAt: "2030-02-30T09:30:00Z" }, path: ["scheduledAt"] },
  { name: "booking, epoch number", schema: createBookingBodySchema, input: { ...booking, scheduledAt: 1906000000000 }, path: ["scheduledAt"] },
  { name: "booking, unknown key", schema: createBookingBodySchema, input: { ...booking, priceCents: 1 }, path: [] },
  { name: "pay, BITCOIN", schema: payBodySchema, input: { method: "BITCOIN" }, path: ["method"] },
  { name: "pay, lower case", schema: payBodySchema, input: { method: "card" }, path: ["method"] },
  { name: "webhook, RELEASED is ours to set", schema: paymentWebhookBodySchema, input: { id: "evt_1", bookingId: "b1", status: "RELEASED" }, path: ["status"] },
  { name: "webhook, no booking", schema: paymentWebhookBodySchema, input: { id: "evt_1", status: "PAID" }, path: ["bookingId"] },
  { name: "webhook, no event id", schema: paymentWebhookBodySchema, input: { bookingId: "b1", status: "PAID" }, path: ["id"] },
  { name: "cancel, a negative refund", schema: cancelBookingBodySchema, input: { expectedRefundCents: -1 }, path: ["expectedRefundCents"] },
  { name: "dispute, an unknown outcome", schema: resolveDisputeBodySchema, input: { outcome: "coin-toss" }, path: ["outcome"] },
  { name: "dispute, split without an amount", schema: resolveDisputeBodySchema, input: { outcome: "split" }, path: ["refundCents"] },
  { name: "dispute, an amount without split", schema: resolveDisputeBodySchema, input: { outcome: "release", refundCents: 5 }, path: ["refundCents"] },
  { name: "dispute, a fraction of a cent", schema: resolveDisputeBodySchema, input: { outcome: "split", refundCents: 0.5 }, path: ["refundCents"] },
  { name: "dispute reason, too short to act on", schema: openDisputeBodySchema, input: { reason: "bad" }, path: ["reason"] },
  { name: "availability -1", schema: setAvailabilityBodySchema, input: { available: -1 }, path: ["available"] },
  { name: "availability 1.5", schema: setAvailabilityBodySchema, input: { available: 1.5 }, path: ["available"] },
  { name: 'availability "3"', schema: setAvailabilityBodySchema, input: { available: "3" }, path: ["available"] },
  { name: "decline reason of 501 chars", schema: declineBookingBodySchema, input: { reason: "r".repeat(501) }, path: ["reason"] },
  { name: "read, empty ids", schema: markNotificationsReadBodySchema, input: { ids: [] }, path: ["ids"] },
  { name: "read, blank id", schema: markNotificationsReadBodySchema, input: { ids: ["n1", " "] }, path: ["ids", 1] },
  { name: "read, all:false", schema: markNotificationsReadBodySchema, input: { all: false }, path: [] },
  { name: "read, nothing", schema: markNotificationsReadBodySchema, input: {}, path: [] },
  { name: "read, both forms", schema: markNotificationsReadBodySchema, input: { ids: ["n1"], all: true }, path: [] },
  { name: "chat, empty", schema: chatMessageBodySchema, input: { body: "" }, path: ["body"] },
  { name: "chat, whitespace", schema: chatMessageBodySchema, input: { body: " \n\t " }, path: ["body"] },
  { name: "chat, 2001 chars", schema: chatMessageBodySchema, input: { body: "x".repeat(2001) }, path: ["body"] },
  { name: "notifications, limit 0", schema: listNotificationsQuerySchema, input: { limit: "0" }, path: ["limit"] },
  { name: "notifications, unknown type", schema: listNotificationsQuerySchema, input: { types: "payment,spam" }, path: ["types", 1] },
  { name: "notifications, limit 101", schema: listNotificationsQuerySchema, input: { limit: "101" }, path: ["limit"] },
  { name: "notifications, limit not a number", schema: listNotificationsQuerySchema, input: { limit: "ten" }, path: ["limit"] },
  { name: "notifications, unread=yes", schema: listNotificationsQuerySchema, input: { unread: "yes" }, path: ["unread"] },
  { name: "messages, limit 201", schema: listMessagesQuerySchema, input: { limit: "201" }, path: ["limit"] },
  { name: "messages, limit 2.5", schema: listMessagesQuerySchema, input: { limit: "2.5" }, path: ["limit"] },
  { name: "bookings, limit 101", schema: listBookingsQuerySchema, input: { limit: "101" }, path: ["limit"] },
  { name: "bookings, unknown status", schema: listBookingsQuerySchema, input: { status: "PAID" }, path: ["status"] },
];

describe("schemas", () => {
  it.each(accepted)("accepts $name", ({ schema, input, output }) => {
    expect(schema.parse(input)).toEqual(output);
  });

  it.each(rejected)("rejects $name at [$path]", ({ schema, input, path }) => {
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(path);
  });
});

describe("fromZodError", () => {
  const errorFor = (schema: z.ZodType, input: unknown) => {
    const result = schema.safeParse(input);
    if (result.success) throw new Error("expected the input to be rejected");
    return fromZodError(result.error);
  };

  it.each([
    { name: "a top-level field", schema: payBodySchema, input: { method: "BITCOIN" }, field: "method", message: 'method: must be "CARD" or "CASH"' },
    { name: "a nested path, dotted", schema: markNotificationsReadBodySchema, input: { ids: [""] }, field: "ids.0", message: "ids.0: is required" },
    { name: "the body as a whole", schema: markNotificationsReadBodySchema, input: {}, field: "body", message: "body: must be {ids:[...]} or {all:true}" },
  ])("names $name", ({ schema, input, field, message }) => {
    const error = errorFor(schema, input);
    expect({ kind: error.kind, code: error.code, field: error.field, message: error.message }).toEqual({
      kind: "invalid",
      code: "VALIDATION_ERROR",
      field,
      message,
    });
    expect(errorBody(error)).toEqual({ error: { code: "VALIDATION_ERROR", message, field } });
  });

  it("names an unknown key as the field", () => {
    const error = errorFor(createBookingBodySchema, { ...booking, priceCents: 1 });
    expect(error.field).toBe("priceCents");
    expect(error.message).toMatch(/^priceCents: .*"priceCents"/);
  });

  it("reports only the first issue", () => {
    const error = errorFor(createBookingBodySchema, { serviceId: "", scheduledAt: "soon" });
    expect(error.field).toBe("serviceId");
  });
});
