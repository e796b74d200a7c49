import { z } from "zod";
import { databaseProvider, databaseUrl } from "./db/provider";

/**
 * Every setting Switchboard reads from the environment, parsed once. The README's
 * configuration table documents the same list.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOSTNAME: z.string().default("0.0.0.0"),
  NODE_ID: z.string().min(1).optional(),
  REDIS_URL: z.union([z.literal(""), z.string().regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")]).optional(),
  REDIS_PREFIX: z.string().regex(/^[\w.:-]+$/, "letters, digits and . _ : - only").default("switchboard"),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().nonnegative().default(10_000),
  NEXTAUTH_SECRET: z.string().min(1).optional(),
  INTERNAL_API_SECRET: z.string().min(1).optional(),
  WEBHOOK_SECRET: z.string().min(1).optional(),
  SEED_DEMO: z.enum(["0", "1", "true", "false", ""]).default("").transform((v) => v === "1" || v === "true"),
  ALLOW_DEMO_IN_PRODUCTION: z.enum(["0", "1", "true", "false", ""]).default("").transform((v) => v === "1" || v === "true"),
  BOOKING_HOLD_MINUTES: z.coerce.number().positive().default(15),
  BOOKING_HOLD_WARNING_MINUTES: z.coerce.number().nonnegative().default(5),
  MAX_OPEN_BOOKINGS_PER_CLIENT: z.coerce.number().int().positive().default(5),
  BOOKING_HORIZON_DAYS: z.coerce.number().int().positive().default(365),
  HTTP_REQUESTS_PER_USER_PER_MINUTE: z.coerce.number().int().positive().default(600),
  HTTP_REQUESTS_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().positive().default(120),
  CURRENCY: z.string().length(3).toUpperCase().default("USD"),
  PLATFORM_FEE_PERCENT: z.coerce.number().min(0).max(100).default(10),
  PAYOUT_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
  PAYOUT_STEP_MS: z.coerce.number().int().nonnegative().default(2000),
  PAYMENT_CONFIRM_MS: z.coerce.number().int().nonnegative().default(500),
  PAYMENT_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
  DISPUTE_WINDOW_HOURS: z.coerce.number().nonnegative().default(48),
  LATE_CANCEL_HOURS: z.coerce.number().nonnegative().default(24),
  LATE_CANCEL_FEE_PERCENT: z.coerce.number().min(0).max(100).default(50),
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().positive().default(1000),
  TOKEN_TTL_SECONDS: z.coerce.number().int().positive().default(3600),
  REALTIME_RECOVERY_MS: z.coerce.number().int().min(0).default(120_000),
  REALTIME_RECOVERY_MAX_PACKETS: z.coerce.number().int().positive().default(10_000),
  REALTIME_EVENTS_PER_SECOND: z.coerce.number().int().positive().default(20),
  REALTIME_MAX_PAYLOAD_BYTES: z.coerce.number().int().positive().default(16 * 1024),
  REALTIME_MAX_ROOMS_PER_SOCKET: z.coerce.number().int().positive().default(1000),
  CLIENT_POLL_INTERVAL_MS: z.coerce.number().int().min(500).default(10_000),
  REALTIME_HANDLER_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  REALTIME_CONNECTIONS_PER_SECOND: z.coerce.number().int().positive().default(100),
  REALTIME_MAX_SOCKETS_PER_USER: z.coerce.number().int().positive().default(20),
  REALTIME_HANDSHAKES_PER_USER_PER_MINUTE: z.coerce.number().int().positive().default(60),
  REALTIME_HANDSHAKES_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().positive().default(600),
  REALTIME_REPORTS_PER_MINUTE: z.coerce.number().int().positive().default(60),
  RETENTION_INTERVAL_MS: z.coerce.number().int().positive().default(3_600_000),
  RETENTION_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  RETENTION_EVENTS_DAYS: z.coerce.number().positive().default(30),
  RETENTION_SESSIONS_DAYS: z.coerce.number().positive().default(30),
  RETENTION_ACTIVITY_DAYS: z.coerce.number().positive().default(90),
  RETENTION_NOTIFICATIONS_DAYS: z.coerce.number().positive().default(30),
  // The public address, read by next-auth and the same-origin check (lib/http/same-origin.ts);
  // validated here so a typo stops the start instead of failing every cookie write.
  NEXTAUTH_URL: z.union([z.literal(""), z.string().url()]).optional(),
  TRUST_PROXY: z.enum(["0", "1", "true", "false", ""]).default("").transform((v) => v === "1" || v === "true"),
  SIGNIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  SIGNIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().positive().default(50),
  SIGNIN_THROTTLE_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  SQLITE_SYNCHRONOUS: z.enum(["normal", "full"]).default("normal"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

/** Values that ship in the repo or docs; a production server refuses to run with them. */
const DEV_SECRETS = {
  NEXTAUTH_SECRET: "dev-nextauth-secret-change-me",
  INTERNAL_API_SECRET: "dev-internal-secret-change-me",
  WEBHOOK_SECRET: "dev-webhook-secret-change-me",
} as const;

const DAY_MS = 86_400_000;

/** The shortest secret a production server accepts: 32 characters, as `npm run demo` writes 43. */
export const MIN_SECRET_LENGTH = 32;

type SecretName = keyof typeof DEV_SECRETS;

/** The configuration in `env`; throws a message naming the first bad setting. Exported for its tests; use config(). */
export function loadConfig(env: NodeJS.ProcessEnv) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid configuration: ${issue.path.join(".")}: ${issue.message}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  const secret = (name: SecretName): string => {
    const value = e[name];
    if (production && (!value || value === DEV_SECRETS[name])) {
      throw new Error(`${name} must be set to a secret of your own in production (see README, Configuration)`);
    }
    if (production && value!.length < MIN_SECRET_LENGTH) {
      throw new Error(`${name} is too short for production: use at least ${MIN_SECRET_LENGTH} random characters (see README, Configuration)`);
    }
    return value ?? DEV_SECRETS[name];
  };
  // The demo accounts' passwords are public: seeding them into a production database needs saying so twice.
  if (production && e.SEED_DEMO && !e.ALLOW_DEMO_IN_PRODUCTION) {
    throw new Error("SEED_DEMO=1 adds accounts whose passwords are public; a production server refuses it unless ALLOW_DEMO_IN_PRODUCTION=1 is set too (for a demo)");
  }
  const url = databaseUrl(env);
  return {
    production,
    port: e.PORT,
    hostname: e.HOSTNAME,
    nodeId: e.NODE_ID ?? `node-${process.pid}`,
    /** Set: nodes share rooms and broadcasts through Redis. Unset: one node, in memory. */
    redisUrl: e.REDIS_URL || undefined,
    /** Namespaces this deployment's keys, streams and channels in a shared Redis. */
    redisPrefix: e.REDIS_PREFIX,
    /** How long a stopping node waits for requests in flight before it closes them. */
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    databaseUrl: url,
    databaseProvider: databaseProvider(url),
    /**
     * SQLite's `synchronous` in WAL mode. normal: a commit survives a crash of the process
     * and is synced at each checkpoint, so only an OS crash or power cut can lose the last
     * ones; full: every commit waits for fsync, which blocks the event loop (1.5 ms a commit
     * on the bench machine; docs/performance.md).
     */
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    secrets: {
      nextAuth: secret("NEXTAUTH_SECRET"),
      internalApi: secret("INTERNAL_API_SECRET"),
      webhook: secret("WEBHOOK_SECRET"),
    },
    seedDemo: e.SEED_DEMO,
    holdMs: e.BOOKING_HOLD_MINUTES * 60_000,
    holdWarningMs: e.BOOKING_HOLD_WARNING_MINUTES * 60_000,
    /** Open bookings (PENDING, CONFIRMED, IN_PROGRESS) one client may hold at once: no one client can hold every unit. */
    maxOpenBookingsPerClient: e.MAX_OPEN_BOOKINGS_PER_CLIENT,
    /** How far ahead a booking may be made. */
    bookingHorizonDays: e.BOOKING_HORIZON_DAYS,
    /** Budgets (lib/fair-use): no one user or address can keep anyone else out. */
    fairUse: {
      httpPerUserPerMinute: e.HTTP_REQUESTS_PER_USER_PER_MINUTE,
      httpPerAddressPerMinute: e.HTTP_REQUESTS_PER_ADDRESS_PER_MINUTE,
      maxSocketsPerUser: e.REALTIME_MAX_SOCKETS_PER_USER,
      handshakesPerUserPerMinute: e.REALTIME_HANDSHAKES_PER_USER_PER_MINUTE,
      handshakesPerAddressPerMinute: e.REALTIME_HANDSHAKES_PER_ADDRESS_PER_MINUTE,
    },
    currency: e.CURRENCY,
    platformFeePercent: e.PLATFORM_FEE_PERCENT,
    /** The money rules (docs/money.md) and the simulated processor's behaviour. */
    money: {
      lateCancelHours: e.LATE_CANCEL_HOURS,
      lateCancelFeePercent: e.LATE_CANCEL_FEE_PERCENT,
      /** After completion, how long the client may dispute before escrow is released without them. */
      disputeWindowMs: e.DISPUTE_WINDOW_HOURS * 3_600_000,
      /** How long the simulated processor takes to confirm a card payment. */
      paymentConfirmMs: e.PAYMENT_CONFIRM_MS,
      /** Share (0..1) of card payments the simulated processor declines. */
      paymentFailureRate: e.PAYMENT_FAILURE_RATE,
      payoutStepMs: e.PAYOUT_STEP_MS,
      /** Share (0..1) of payouts the simulated processor fails. */
      payoutFailureRate: e.PAYOUT_FAILURE_RATE,
    },
    schedulerIntervalMs: e.SCHEDULER_INTERVAL_MS,
    tokenTtlSeconds: e.TOKEN_TTL_SECONDS,
    logLevel: e.LOG_LEVEL,
    /** Behind a reverse proxy: the client's address is the last X-Forwarded-For hop. */
    trustProxy: e.TRUST_PROXY,
    /** Failed password checks allowed per window before sign-in answers 429 (lib/auth/sign-in-throttle.ts). */
    signInThrottle: {
      maxFailuresPerAccount: e.SIGNIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerAddress: e.SIGNIN_MAX_FAILURES_PER_ADDRESS,
      windowSeconds: e.SIGNIN_THROTTLE_WINDOW_SECONDS,
    },
    realtime: {
      recoveryMs: e.REALTIME_RECOVERY_MS,
      /** Packets kept for connection state recovery (on Redis, the stream's length); older drops catch up by `sync`. */
      recoveryMaxPackets: e.REALTIME_RECOVERY_MAX_PACKETS,
      eventsPerSecond: e.REALTIME_EVENTS_PER_SECOND,
      maxPayloadBytes: e.REALTIME_MAX_PAYLOAD_BYTES,
      maxRoomsPerSocket: e.REALTIME_MAX_ROOMS_PER_SOCKET,
      timeoutMs: e.REALTIME_HANDLER_TIMEOUT_MS,
      /** Socket handshakes a node accepts per second; the rest are told to back off and retry. */
      connectionsPerSecond: e.REALTIME_CONNECTIONS_PER_SECOND,
      /** How often browsers poll for events when WebSockets fail. */
      clientPollIntervalMs: e.CLIENT_POLL_INTERVAL_MS,
      /** `activity:report` and `metrics:report` each allow this many per user a minute. */
      reportsPerMinute: e.REALTIME_REPORTS_PER_MINUTE,
    },
    retention: {
      intervalMs: e.RETENTION_INTERVAL_MS,
      batchSize: e.RETENTION_BATCH_SIZE,
      /** How old (ms) a row must be before the clean-up removes it, per kind. */
      maxAgeMs: {
        events: e.RETENTION_EVENTS_DAYS * DAY_MS,
        sessions: e.RETENTION_SESSIONS_DAYS * DAY_MS,
        activity: e.RETENTION_ACTIVITY_DAYS * DAY_MS,
        notifications: e.RETENTION_NOTIFICATIONS_DAYS * DAY_MS,
      },
    },
  };
}

export type Config = ReturnType<typeof loadConfig>;

let cached: Config | undefined;

/** The parsed configuration; throws a message naming the bad setting. */
export function config(): Config {
  cached ??= loadConfig(process.env);
  return cached;
}
