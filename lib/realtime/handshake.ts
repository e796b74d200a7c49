import { RateLimiterMemory } from "rate-limiter-flexible";
import { resolveSignedIn } from "../auth/caller";
import { config } from "../config";
import { addressKey, budget, spend } from "../fair-use/budgets";
import { peerAddress } from "../http/client-address";
import { isSameOrigin } from "../http/same-origin";
import { logger } from "../logger";
import { otherNodesReach } from "./cluster-wide";
import { HANDSHAKE_TOO_MANY_CONNECTIONS, HANDSHAKE_UNAUTHORIZED, rateLimitedRefusal } from "./handshake-refusal";
import type { RealtimeNode } from "./node";
import { rooms } from "./rooms";

/** How long a handshake waits for the other nodes' socket counts of its user (the cap). */
const CAP_QUESTION_DEADLINE_MS = 250;

/**
 * Sockets admitted by the handshake but not yet in their user's room (the cap counts the
 * room): without them a burst of handshakes by one user would all see the same count.
 */
export class Admissions {
  private readonly byUser = new Map<string, number>();
  private readonly pending = new WeakMap<object, () => void>();

  count(userId: string): number {
    return this.byUser.get(userId) ?? 0;
  }

  /** Counts the socket until it joins its room, or its connection closes before that. */
  hold(socket: { conn: { once(event: "close", listener: () => void): unknown } }, userId: string): void {
    this.byUser.set(userId, this.count(userId) + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = this.count(userId) - 1;
      if (left > 0) this.byUser.set(userId, left);
      else this.byUser.delete(userId);
    };
    this.pending.set(socket, release);
    socket.conn.once("close", release);
  }

  /** The socket is in its user's room now, where the cap counts it. */
  joined(socket: object): void {
    this.pending.get(socket)?.();
  }
}

/**
 * The handshake's two middlewares. Identity comes from the next-auth cookie or
 * `auth.token`. Admission comes after authentication so handshakes without an identity
 * (refused anyway) cannot spend anyone's budget. Each user and each address has a handshake
 * budget of its own, spent before the node's: one user or address opening sockets in a loop
 * runs out of its own and cannot keep anyone else out. Then the user's socket cap,
 * cluster-wide. Last the node's steady rate, which paces the herd after a restart (every
 * client comes back at once): the rest are told when to retry. Admitted sockets are held in
 * `admitting` until the connection handler puts them in their user's room.
 */
export async function guardHandshakes(node: RealtimeNode, admitting: Admissions): Promise<void> {
  const { io, telemetry } = node;
  const cfg = config();
  const log = logger();

  io.use(async (socket, next) => {
    const token = socket.handshake.auth?.token;
    const bearer = typeof token === "string" && token ? `Bearer ${token}` : null;
    const { headers } = socket.handshake;
    // A cookie rides along on a foreign page's WebSocket too (cross-site WebSocket hijacking):
    // a cookie-authenticated handshake from another origin is no identity.
    const cookieUsable = isSameOrigin({ host: headers.host, origin: headers.origin, secFetchSite: headers["sec-fetch-site"] }, "same");
    const signedIn = await resolveSignedIn({ authorization: bearer, cookie: bearer || cookieUsable ? headers.cookie : null }).catch(() => null);
    if (!signedIn) {
      telemetry.error("HANDSHAKE_REFUSED");
      log.info({ code: "HANDSHAKE_REFUSED", address: socket.handshake.address, withToken: typeof token === "string" });
      return next(new Error(HANDSHAKE_UNAUTHORIZED));
    }
    socket.data.caller = signedIn.caller;
    socket.data.signedInAt = signedIn.signedInAt;
    socket.data.connectedAt = new Date().toISOString();
    next();
  });

  const { fairUse } = cfg;
  const [userHandshakes, addressHandshakes] = await Promise.all([
    budget("handshake:user", fairUse.handshakesPerUserPerMinute, 60),
    budget("handshake:address", fairUse.handshakesPerAddressPerMinute, 60),
  ]);
  const nodeHandshakes = new RateLimiterMemory({ points: cfg.realtime.connectionsPerSecond, duration: 1 });
  io.use(async (socket, next) => {
    const { caller } = socket.data;
    const refuse = (code: string, retryAfterMs?: number) => {
      telemetry.error(code);
      next(retryAfterMs === undefined ? new Error(HANDSHAKE_TOO_MANY_CONNECTIONS) : rateLimitedRefusal(retryAfterMs));
    };
    const overBudget =
      (await spend(userHandshakes, caller.id)) ?? (await spend(addressHandshakes, addressKey(peerAddress(socket.request, cfg.trustProxy))));
    if (overBudget !== null) return refuse("HANDSHAKE_BUDGET_SPENT", overBudget);
    const elsewhere = await otherNodesReach(node, [rooms.user(caller.id)], CAP_QUESTION_DEADLINE_MS);
    const sockets = (io.of("/").adapter.rooms.get(rooms.user(caller.id))?.size ?? 0) + admitting.count(caller.id) + elsewhere;
    if (sockets >= fairUse.maxSocketsPerUser) return refuse("TOO_MANY_CONNECTIONS");
    const paced = await spend(nodeHandshakes, "node");
    if (paced !== null) return refuse("CONNECTION_RATE_LIMITED", paced);
    admitting.hold(socket, caller.id);
    next();
  });
}
