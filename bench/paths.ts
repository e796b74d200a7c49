/**
 * Paths people use that only Switchboard has, so the baseline has no figure for them: a
 * provider's booking action and a chat message, each timed from the HTTP request to the
 * event at the client's socket, with the run's clients still connected.
 */
import type { BenchClient, BenchProvider } from "./clients";
import { forEachLimited } from "./concurrency";
import { now, roundMs } from "./stats";
import { loadStage, type Fleet, type StageResult } from "./scenarios";
import { post, type Target } from "./targets";
import type { BookingRef } from "./worker";

export type BookingPathsResult = {
  /** Pending bookings the clients made (POST /api/bookings) before the stages, and how long that took. */
  bookings: number;
  prepareMs: number;
  /** Each provider accepts one booking (POST /api/bookings/:id/accept) to `booking:updated` at its client. */
  accept: StageResult;
  /** Each provider writes in the same bookings' chats (POST /api/bookings/:id/messages) to `chat:message` at the client. */
  chat: StageResult;
};

const BOOKINGS_IN_FLIGHT = 8;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Enough pending bookings for `rate` accepts a second over `stageMs`, each made by a
 * client whose socket is held, dealt evenly over the workers (each sends its own clients'
 * share); then the accept stage, then a chat stage at the same rate on the same bookings.
 */
export async function bookingPaths(
  target: Target,
  fleet: Fleet,
  clients: BenchClient[],
  providers: BenchProvider[],
  { rate, stageMs }: { rate: number; stageMs: number },
): Promise<BookingPathsResult> {
  const tokens = new Map(clients.map((c) => [c.userId, c.token]));
  const perWorker = Math.ceil(((rate / fleet.pool.size) * stageMs) / 1000);
  const plan = fleet.held.flatMap((held, worker) =>
    Array.from({ length: perWorker }, (_, j) => ({ worker, clientId: held[j % held.length], provider: providers[(worker + j * fleet.pool.size) % providers.length] })),
  );
  const bookings: BookingRef[][] = fleet.held.map(() => []);
  const preparing = now();
  const scheduledAt = new Date(Date.now() + 7 * DAY_MS).toISOString();
  await forEachLimited(plan.length, BOOKINGS_IN_FLIGHT, async (k) => {
    const { worker, clientId, provider } = plan[k];
    const created = (await post(target, "/api/bookings", `Bearer ${tokens.get(clientId)}`, { serviceId: provider.serviceId, scheduledAt }, 201, { keepAlive: true })) as {
      booking: { id: string };
    };
    bookings[worker].push({ bookingId: created.booking.id, providerToken: provider.token });
  });
  const prepareMs = roundMs(now() - preparing);
  const accept = await loadStage([target], fleet, rate, stageMs, (i) => ({ kind: "accept", bookings: bookings[i] }));
  const chat = await loadStage([target], fleet, rate, stageMs, (i) => ({ kind: "chat", bookings: bookings[i] }));
  return { bookings: plan.length, prepareMs, accept, chat };
}
