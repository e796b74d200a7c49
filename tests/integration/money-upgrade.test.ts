import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { migrate } from "../../lib/db/migrate";
import { signIn } from "./support/api";
import { createDatabase, DATABASES, startServerOn, type TestDatabase } from "./support/server";

/**
 * A database from before the ledger (payments written by the old code, one per booking, cash
 * "in escrow", payouts for cash too) is upgraded by the server's start: its money is carried
 * into the ledger as opening entries, so the ledger check holds for it, except for what truly
 * went wrong before (a payout of cash the platform never held).
 */

const LEDGER_MIGRATION = "20261202185131_money_ledger_disputes";

/** Applies every migration before the ledger's, as a database from before it would have them. */
async function migrateToBeforeTheLedger(database: TestDatabase): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), "switchboard-old-migrations-"));
  try {
    const source = join(process.cwd(), "prisma/migrations", database.kind);
    for (const name of readdirSync(source).filter((n) => n < LEDGER_MIGRATION)) cpSync(join(source, name), join(root, database.kind, name), { recursive: true });
    await migrate(database.url, root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

type OldBooking = { id: string; status: string; payment?: { method: "CARD" | "CASH"; status: string }; payout?: { status: string; amountCents: number } };

const OLD: OldBooking[] = [
  { id: "old-escrow", status: "CONFIRMED", payment: { method: "CARD", status: "ESCROW" } },
  { id: "old-paid-out", status: "COMPLETED", payment: { method: "CARD", status: "RELEASED" }, payout: { status: "COMPLETED", amountCents: 9000 } },
  { id: "old-paying-out", status: "COMPLETED", payment: { method: "CARD", status: "RELEASED" }, payout: { status: "PROCESSING", amountCents: 9000 } },
  { id: "old-payout-failed", status: "COMPLETED", payment: { method: "CARD", status: "RELEASED" }, payout: { status: "FAILED", amountCents: 9000 } },
  { id: "old-refunded", status: "CANCELLED", payment: { method: "CARD", status: "REFUNDED" } },
  { id: "old-cash-held", status: "CONFIRMED", payment: { method: "CASH", status: "ESCROW" } },
  { id: "old-cash-promise", status: "PENDING", payment: { method: "CASH", status: "PENDING" } },
  { id: "old-cash-paid-out", status: "COMPLETED", payment: { method: "CASH", status: "RELEASED" }, payout: { status: "COMPLETED", amountCents: 9000 } },
  { id: "old-unpaid", status: "PENDING" },
];

async function writeOldRows(database: TestDatabase): Promise<void> {
  const now = database.kind === "sqlite" ? new Date().toISOString().replace("Z", "+00:00") : new Date();
  const q = database.query;
  for (const [id, role] of [["old-client", "CLIENT"], ["old-provider", "PROVIDER"]]) {
    await q(`INSERT INTO "User" ("id", "email", "name", "role", "passwordHash") VALUES ($1, $2, $3, $4, 'x')`, [id, `${id}@example.test`, id, role]);
  }
  await q(`INSERT INTO "Service" ("id", "providerId", "title", "priceCents", "capacity", "available", "updatedAt") VALUES ('old-service', 'old-provider', 'Old service', 10000, 20, 20, $1)`, [now]);
  for (const b of OLD) {
    await q(
      `INSERT INTO "Booking" ("id", "serviceId", "clientId", "providerId", "status", "scheduledAt", "priceCents", "updatedAt") VALUES ($1, 'old-service', 'old-client', 'old-provider', $2, $3, 10000, $4)`,
      [b.id, b.status, now, now],
    );
    if (b.payment) {
      await q(`INSERT INTO "Payment" ("id", "bookingId", "method", "status", "amountCents", "currency", "updatedAt") VALUES ($1, $2, $3, $4, 10000, 'USD', $5)`, [
        `${b.id}-payment`,
        b.id,
        b.payment.method,
        b.payment.status,
        now,
      ]);
    }
    if (b.payout) {
      await q(`INSERT INTO "Payout" ("id", "bookingId", "providerId", "status", "amountCents", "currency", "updatedAt") VALUES ($1, $2, 'old-provider', $3, $4, 'USD', $5)`, [
        `${b.id}-payout`,
        b.id,
        b.payout.status,
        b.payout.amountCents,
        now,
      ]);
    }
  }
}

describe.each(DATABASES)("upgrading a database from before the ledger on %s", (kind) => {
  it("opens balanced books for the money already moved, and reports only the cash that was paid out", async () => {
    const database = await createDatabase(kind);
    try {
      await migrateToBeforeTheLedger(database);
      await writeOldRows(database);
      const server = await startServerOn(database);
      try {
        const admin = await signIn(server, "admin@demo.test");
        const check = (await admin.get("/api/admin/ledger/check")).body;
        expect(check.checked).toBe(OLD.filter((b) => b.payment).length);
        expect(check.problems).toEqual([{ bookingId: "old-cash-paid-out", problem: expect.stringContaining("a cash payment has a payout") }]);
        const statusOf = async (id: string) => (await admin.get(`/api/bookings/${id}`)).body.booking.payment.status;
        expect(await statusOf("old-cash-held")).toBe("PAID");
        expect(await statusOf("old-escrow")).toBe("ESCROW");
        expect((await admin.get("/api/bookings/old-refunded")).body.booking.payment.refundedCents).toBe(10000);
      } finally {
        await server.halt();
      }
    } finally {
      await database.drop();
    }
  });
});
