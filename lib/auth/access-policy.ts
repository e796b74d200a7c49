import { conflict, forbidden } from "../domain/errors";
import { OPEN_BOOKING_STATUSES, type BookingStatus } from "../domain/state-machines";
import { rooms } from "../realtime/rooms";
import { ROLES, type Caller, type Role } from "./identity";

/**
 * Who may do what: the one access policy. Route gates (lib/api/handler.ts `withAccess`),
 * row checks in the domain (`authorize`), room joins (lib/realtime/access.ts), event
 * audiences (`audienceRooms`), catch-up (lib/domain/catch-up.ts) and presence all read this
 * table, and tests/integration/access-matrix.test.ts generates its matrix from it: every
 * route, room and client event, for every role, owner and stranger, in every booking state.
 */

/** How a caller can be related to the row asked about: its client or its provider. */
export type Party = "client" | "provider";

/** The row a permission is asked about, as far as access depends on it. */
export type Resource = {
  clientId?: string;
  providerId?: string;
  status?: BookingStatus;
  /** The booking has a dispute an admin has not decided yet. */
  disputed?: boolean;
};

/** One way to be allowed: every condition it names must hold. */
export type Grant = {
  /** The caller has one of these roles (any signed-in caller when absent). */
  roles?: readonly Role[];
  /** The caller is the row's client or provider. */
  parties?: readonly Party[];
  /** Only while the booking is in one of these states (refused with `closed` otherwise). */
  states?: readonly BookingStatus[];
  /** Only while the booking is disputed. */
  disputed?: true;
};

export type Rule = {
  grants: readonly Grant[];
  /** An internal service presenting INTERNAL_API_SECRET is allowed too. */
  internal?: true;
  /** The conflict for a caller allowed but for the booking's state. */
  closed?: { code: string; message: string };
};

const STAFF: readonly Role[] = ["ADMIN", "STAFF"];
const BOTH: readonly Party[] = ["client", "provider"];
const signedIn: Rule = { grants: [{}] };
const only = (...roles: Role[]): Rule => ({ grants: [{ roles }] });
const party = (...parties: Party[]): Rule => ({ grants: [{ parties }] });
/** The two parties, and admins and staff, who watch every booking. */
const partiesAndStaff: Rule = { grants: [{ parties: BOTH }, { roles: STAFF }] };

export const ACCESS_POLICY = {
  // Bookings. Listing is for everyone signed in: the list holds the caller's own rows only.
  "booking.list": signedIn,
  "booking.create": only("CLIENT"),
  "booking.read": partiesAndStaff,
  "booking.accept": party("provider"),
  "booking.reject": party("provider"),
  "booking.start": party("provider"),
  "booking.complete": party("provider"),
  "booking.cancel": party("client", "provider"),
  "booking.renew": party("client"),
  "booking.decline": only("ADMIN"),
  "booking.confirm": party("client"),
  "booking.dispute": party("client"),
  "booking.pay": party("client"),
  "booking.verify-cash": party("provider"),
  // The other party's presence is their business only while the booking is under way.
  "booking.presence": {
    grants: [
      { parties: BOTH, states: OPEN_BOOKING_STATUSES },
      { roles: STAFF, states: OPEN_BOOKING_STATUSES },
    ],
    closed: { code: "BOOKING_CLOSED", message: "Presence is shown only while a booking is open" },
  },
  // Chat is the two parties' own; an admin deciding a dispute may read it (audited).
  "chat.read": { grants: [{ parties: BOTH }, { roles: ["ADMIN"], disputed: true }] },
  "chat.send": party("client", "provider"),
  "dispute.list": only("ADMIN"),
  "dispute.resolve": only("ADMIN"),
  // Services
  "service.list": signedIn,
  "service.watch": only("CLIENT"),
  "service.alert": { grants: [{ roles: ["PROVIDER"], parties: ["provider"] }] },
  "service.availability": only("ADMIN"),
  // Inbox and the caller's own session: each reads and writes only the caller's rows.
  "inbox.use": signedIn,
  "session.revoke": signedIn,
  // The caller's own account (profile page): there is no other account to ask about.
  "account.read": signedIn,
  "account.update": signedIn,
  "account.password": signedIn,
  // Operations
  "announcement.send": only("ADMIN"),
  "activity.list": only("ADMIN"),
  "audit.list": only("ADMIN"),
  "ledger.check": only("ADMIN", "STAFF"),
  "realtime.events": signedIn,
  "realtime.connection-status": signedIn,
  "realtime.connections": only("ADMIN", "STAFF"),
  "realtime.stats": { grants: [{ roles: STAFF }], internal: true },
  "realtime.metrics": { grants: [{ roles: STAFF }], internal: true },
  "realtime.trigger": { grants: [{ roles: ["ADMIN"] }], internal: true },
  // Rooms (subscribe, and `rooms=` of the polling route). `user:*` and `role:*` are joined by the server.
  "room.admin": only("ADMIN", "STAFF"),
  "room.service": signedIn,
  "room.provider": { grants: [{ roles: ["PROVIDER"], parties: ["provider"] }, { roles: STAFF }] },
  "room.booking": partiesAndStaff,
} as const satisfies Record<string, Rule>;

export type Permission = keyof typeof ACCESS_POLICY;

const ruleOf = (permission: Permission): Rule => ACCESS_POLICY[permission];

function isParty(caller: Caller, parties: readonly Party[] | undefined, resource: Resource): boolean {
  return !parties || parties.some((p) => (p === "client" ? resource.clientId : resource.providerId) === caller.id);
}

function matchesIgnoringState(grant: Grant, caller: Caller, resource: Resource): boolean {
  return (!grant.roles || grant.roles.includes(caller.role)) && isParty(caller, grant.parties, resource) && (!grant.disputed || resource.disputed === true);
}

function matches(grant: Grant, caller: Caller, resource: Resource): boolean {
  return matchesIgnoringState(grant, caller, resource) && (!grant.states || (resource.status !== undefined && grant.states.includes(resource.status)));
}

/** Is this caller allowed this permission on this row? */
export function allows(permission: Permission, caller: Caller, resource: Resource = {}): boolean {
  return ruleOf(permission).grants.some((grant) => matches(grant, caller, resource));
}

/**
 * Throws unless allowed: FORBIDDEN, or the rule's conflict when the caller would be allowed but for
 * the booking's state (presence of a closed booking).
 */
export function authorize(permission: Permission, caller: Caller, resource: Resource = {}): void {
  if (allows(permission, caller, resource)) return;
  const rule = ruleOf(permission);
  if (rule.closed && rule.grants.some((grant) => matchesIgnoringState(grant, caller, resource))) {
    throw conflict(rule.closed.code, `${rule.closed.message}; this one is ${resource.status}`);
  }
  throw forbidden(refusal(permission));
}

/** Could a caller of this role be allowed on some row? The gate a route applies before reading any row. */
export function mayAsk(permission: Permission, role: Role): boolean {
  return ruleOf(permission).grants.some((grant) => !grant.roles || grant.roles.includes(role));
}

export function allowsInternal(permission: Permission): boolean {
  return ruleOf(permission).internal === true;
}

/** Says who may, in words, for a refusal's message. */
export function refusal(permission: Permission): string {
  const who = ruleOf(permission).grants.map((grant) => {
    const parties = grant.parties?.map((p) => `the ${p}`).join(" or ");
    const roles = grant.roles && grant.roles.length < ROLES.length ? grant.roles.join(" or ") : undefined;
    const whom = [roles, parties && `${parties}${grant.roles ? "" : " of it"}`].filter(Boolean).join(", as ");
    return `${whom || "anyone signed in"}${grant.disputed ? " while it is disputed" : ""}`;
  });
  return `Only ${who.join("; or ")} may do this (${permission})`;
}

/** Is the caller admitted as a party of the row (not by role alone)? A provider's own room. */
export function allowsAsParty(permission: Permission, caller: Caller, resource: Resource): boolean {
  return ruleOf(permission).grants.some((grant) => grant.parties !== undefined && matches(grant, caller, resource));
}

/** The booking states a rule's grants are limited to (presence: open bookings). */
export function statesOf(permission: Permission): readonly BookingStatus[] {
  const states = new Set(ruleOf(permission).grants.flatMap((grant) => grant.states ?? []));
  return [...states];
}

/**
 * The user and role rooms a durable event readable under `permission` goes to: the parties
 * by their user rooms, roles by their role rooms. Grants that hold only in some state (a
 * dispute) are served on request, never pushed, so they add nobody here.
 */
export function audienceRooms(permission: Permission, resource: Resource): string[] {
  const targets = new Set<string>();
  for (const grant of ruleOf(permission).grants) {
    if (grant.states || grant.disputed) continue;
    if (grant.parties) {
      for (const p of grant.parties) {
        const id = p === "client" ? resource.clientId : resource.providerId;
        if (id) targets.add(rooms.user(id));
      }
    } else if (grant.roles) {
      for (const role of grant.roles) targets.add(rooms.role(role));
    } else {
      targets.add(rooms.everyone);
    }
  }
  return [...targets];
}
