import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { signWebhook, type DemoUsers, type Reply } from "./api";
import type { TestServer } from "./server";

/**
 * Money in tests: the processor's webhook sent as a real processor would, the ledger check,
 * and moving a booking's completion back in time (the dispute window is 48 hours).
 */

/** Servers whose simulated processor never confirms by itself, so a test sends every webhook. */
export const MANUAL_PROCESSOR = { PAYMENT_CONFIRM_MS: "86400000" };

export type WebhookStatus = "PAID" | "ESCROW" | "FAILED" | "REFUNDED";

/** Posts a signed processor event; a fresh event id unless one is given. */
export async function sendWebhook(server: TestServer, event: { bookingId: string; status: WebhookStatus; id?: string; paymentId?: string }): Promise<Reply> {
  const raw = JSON.stringify({ id: event.id ?? `evt_${randomUUID()}`, ...event });
  const response = await fetch(`${server.url}/api/webhooks/payments`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-signature": signWebhook(raw) },
    body: raw,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Asserts GET /api/admin/ledger/check is ok, showing its problems when it is not. */
export async function expectLedgerBalanced(users: DemoUsers): Promise<void> {
  const check = await users.admin.get("/api/admin/ledger/check");
  expect(check.status).toBe(200);
  expect(check.body.problems).toEqual([]);
  expect(check.body.ok).toBe(true);
}

/** Makes a COMPLETED booking look completed `hours` ago. */
export async function completedHoursAgo(server: TestServer, bookingId: string, hours: number): Promise<void> {
  await server.query(`UPDATE "Booking" SET "completedAt" = $1 WHERE "id" = $2`, [
    server.kind === "sqlite" ? new Date(Date.now() - hours * 3_600_000).toISOString().replace("Z", "+00:00") : new Date(Date.now() - hours * 3_600_000),
    bookingId,
  ]);
}
