import { z } from "zod";
import { config } from "../config";
import { NOTIFICATION_TYPES } from "../domain/notification-view";
import { NOTIFICATION_KINDS } from "../domain/preference-rules";
import { MAX_POLLED_ROOMS } from "../realtime/polling";
import { MAX_NAME_LENGTH, MAX_PASSWORD_BYTES, MIN_PASSWORD_LENGTH } from "./account-limits";

/**
 * Every request body and query the HTTP API accepts, in one place. Objects are strict:
 * a field we do not know is a mistake worth telling the caller about.
 */

const id = z.string().trim().min(1, "is required").max(64, "is too long");

/** Email and password; next-auth's form posts carry extra fields (csrfToken, json), so loose. */
export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email("must be an email address").max(254),
  password: z.string().min(1, "is required").max(200, "is too long"),
});

export const signInSchema = credentialsSchema.strict();

// ── The caller's own account (profile page) ─────────────────────────────────────────

/**
 * Control characters (tabs, newlines, escapes), line and paragraph separators, and the
 * bidirectional overrides that can make a name display as something else.
 */
const UNPRINTABLE = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

export const updateProfileBodySchema = z.strictObject({
  name: z
    .string("must be a string")
    .trim()
    .min(1, "is required")
    .max(MAX_NAME_LENGTH, `must be at most ${MAX_NAME_LENGTH} characters`)
    .refine((name) => !UNPRINTABLE.test(name), "must not contain control characters"),
});

export const changePasswordBodySchema = z
  .strictObject({
    currentPassword: z.string("is required").min(1, "is required").max(200, "is too long"),
    newPassword: z
      .string("is required")
      .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
      .refine((password) => new TextEncoder().encode(password).length <= MAX_PASSWORD_BYTES, `must be at most ${MAX_PASSWORD_BYTES} bytes`),
  })
  .refine((body) => body.newPassword !== body.currentPassword, { message: "must differ from the current password", path: ["newPassword"] });

export const createBookingBodySchema = z.strictObject({
  serviceId: id,
  scheduledAt: z.iso
    .datetime({ offset: true, message: "must be an ISO 8601 date-time" })
    .transform((value) => new Date(value))
    .refine((date) => date.getTime() > Date.now(), "must be in the future")
    // Nobody books a cleaning for the year 9999: past the horizon is a typo, refused.
    .superRefine((date, ctx) => {
      const days = config().bookingHorizonDays;
      if (date.getTime() > Date.now() + days * 24 * 60 * 60 * 1000) ctx.addIssue({ code: "custom", message: `must be within ${days} days from now` });
    }),
});

export const payBodySchema = z.strictObject({
  method: z.enum(["CARD", "CASH"], { message: 'must be "CARD" or "CASH"' }),
});

/** Loose: a processor may add fields of its own; the ones named here are checked. */
export const paymentWebhookBodySchema = z.object({
  /** The processor's event id: the key that makes a replay change nothing. */
  id: z.string({ message: "is required: the processor's event id" }).trim().min(1, "is required: the processor's event id").max(200, "is too long"),
  bookingId: id,
  paymentId: id.optional(),
  status: z.enum(["PAID", "ESCROW", "FAILED", "REFUNDED"], {
    message: 'must be one of "PAID", "ESCROW", "FAILED", "REFUNDED"',
  }),
});

export const setAvailabilityBodySchema = z.strictObject({
  available: z.number({ message: "must be a number" }).int("must be a whole number").min(0, "must be 0 or more"),
});

/** Optional: a client who saw the terms may say what refund they expect, and is refused if it changed. */
export const cancelBookingBodySchema = z.strictObject({
  expectedRefundCents: z.number({ message: "must be a number" }).int("must be a whole number of minor units").min(0, "must be 0 or more").optional(),
});

export const openDisputeBodySchema = z.strictObject({
  reason: z.string({ message: "is required" }).trim().min(10, "must say what went wrong, in at least 10 characters").max(2000, "must be at most 2000 characters"),
});

export const DISPUTE_OUTCOMES = ["refund", "release", "split"] as const;

export const resolveDisputeBodySchema = z
  .strictObject({
    outcome: z.enum(DISPUTE_OUTCOMES, { message: 'must be "refund", "release" or "split"' }),
    /** split only: what goes back to the client; the rest goes to the provider. */
    refundCents: z.number({ message: "must be a number" }).int("must be a whole number of minor units").positive("must be more than 0").optional(),
    note: z.string().trim().max(1000, "must be at most 1000 characters").optional(),
  })
  .refine((b) => (b.outcome === "split") === (b.refundCents !== undefined), {
    message: "is required with outcome split, and only then",
    path: ["refundCents"],
  });

export const declineBookingBodySchema = z.strictObject({
  reason: z.string().trim().max(500, "is too long").optional(),
});

export const listNotificationsQuerySchema = z.object({
  cursor: z.string().trim().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  unread: z.enum(["true", "false"]).optional().transform((v) => v === "true"),
  /** A comma-separated list of item types (`payment,payout`); absent means every type. */
  types: z
    .string()
    .transform((v) => [...new Set(v.split(",").map((type) => type.trim()))])
    .pipe(z.array(z.enum(NOTIFICATION_TYPES, { message: `must list types among ${NOTIFICATION_TYPES.join(", ")}` })))
    .optional(),
});

export const markNotificationsReadBodySchema = z.union(
  [
    z.strictObject({ ids: z.array(id).min(1, "must name at least one notification").max(500, "has too many ids") }),
    z.strictObject({ all: z.literal(true) }),
  ],
  { message: "must be {ids:[...]} or {all:true}" },
);

/** One kind's channels: only those named change. */
const channelChoicesSchema = z.strictObject({
  toast: z.boolean({ message: "must be true or false" }).optional(),
  inbox: z.boolean({ message: "must be true or false" }).optional(),
});

/** `{chat: {toast: false}, payment: {inbox: true}}`: the kinds and channels to change. */
export const updatePreferencesBodySchema = z
  .strictObject({
    booking: channelChoicesSchema.optional(),
    payment: channelChoicesSchema.optional(),
    payout: channelChoicesSchema.optional(),
    chat: channelChoicesSchema.optional(),
    system: channelChoicesSchema.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: `must name a kind among ${NOTIFICATION_KINDS.join(", ")}` });

export const alertThresholdBodySchema = z.strictObject({
  threshold: z
    .number({ message: "must be a number, or null to turn the alert off" })
    .int("must be a whole number")
    .min(0, "must be 0 or more")
    .nullable(),
});

export const chatMessageBodySchema = z.strictObject({
  body: z.string().trim().min(1, "must not be empty").max(2000, "must be at most 2000 characters"),
});

export const listMessagesQuerySchema = z.object({
  before: z.string().trim().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const listBookingsQuerySchema = z.object({
  status: z
    .enum(["PENDING", "CONFIRMED", "IN_PROGRESS", "COMPLETED", "REJECTED", "CANCELLED", "EXPIRED", "DECLINED"])
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

const roleSchema = z.enum(["CLIENT", "PROVIDER", "ADMIN", "STAFF"], { message: "must be CLIENT, PROVIDER, ADMIN or STAFF" });

export const announcementBodySchema = z.strictObject({
  message: z.string().trim().min(1, "must not be empty").max(1000, "must be at most 1000 characters"),
  level: z.enum(["info", "warning", "critical"], { message: 'must be "info", "warning" or "critical"' }),
  roles: z.array(roleSchema).min(1, "must name at least one role, or be left out for everyone").optional(),
});

/** Event names are `resource:verb` words; Socket.IO's own names are refused separately. */
const eventNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*(:[a-z][a-z0-9-]*)*$/, "must be lower-case words joined by ':' (e.g. booking:updated)")
  .max(64);

export const triggerBodySchema = z
  .strictObject({
    event: eventNameSchema,
    data: z.unknown().optional(),
    to: z.strictObject({
      users: z.array(z.string().min(1).max(64)).max(1000).optional(),
      roles: z.array(roleSchema).optional(),
      rooms: z.array(z.string().regex(/^(admin|(booking|service|provider):[^:\s]{1,64})$/, "must be admin, booking:<id>, service:<id> or provider:<id>")).max(100).optional(),
    }),
    durable: z.boolean().default(true),
    notification: z
      .strictObject({
        title: z.string().trim().min(1).max(200),
        body: z.string().trim().max(2000).default(""),
        priority: z.enum(["low", "medium", "high", "critical"]).default("medium"),
      })
      .optional(),
  })
  .refine((b) => (b.to.users?.length ?? 0) + (b.to.roles?.length ?? 0) + (b.to.rooms?.length ?? 0) > 0, {
    message: "must name at least one user, role or room",
    path: ["to"],
  })
  .refine((b) => !b.notification || (b.to.users?.length ?? 0) > 0, {
    message: "needs to.users: notifications are written to named users' inboxes",
    path: ["notification"],
  })
  .refine((b) => !b.notification || b.durable, { message: "needs durable: true", path: ["notification"] });

export const eventsQuerySchema = z.object({
  since: z.coerce.number().int("must be a whole number").min(0, "must be 0 or more").default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
  /** The rooms a polling client has subscribed to, comma-separated: their events come too, as over `sync`. */
  rooms: z
    .string()
    .optional()
    .transform((value) => (value ? [...new Set(value.split(","))] : []))
    .pipe(z.array(z.string().min(1, "must not name an empty room").max(128)).max(MAX_POLLED_ROOMS, `must name at most ${MAX_POLLED_ROOMS} rooms`)),
});

export const listActivityQuerySchema = z.object({
  /** An activity id from the previous page's `nextBefore`: rows older than it. */
  before: z.coerce.number().int("must be a whole number").positive("must be an activity id").max(2_147_483_647, "must be an activity id").optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
