-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "PaymentStatus" ADD VALUE 'PARTIALLY_REFUNDED';
ALTER TYPE "PaymentStatus" ADD VALUE 'DISPUTED';

-- DropIndex
DROP INDEX "Payment_bookingId_key";

-- AlterTable
ALTER TABLE "Booking" ADD COLUMN     "cancellationFeeCents" INTEGER,
ADD COLUMN     "completedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "refundedCents" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Payout" ADD COLUMN     "paymentId" TEXT;

-- AlterTable
ALTER TABLE "WebhookReceipt" ADD COLUMN     "paymentId" TEXT;

-- CreateTable
CREATE TABLE "Dispute" (
    "id" TEXT NOT NULL,
    "bookingId" TEXT NOT NULL,
    "paymentId" TEXT NOT NULL,
    "openedById" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT,
    "refundCents" INTEGER,
    "note" TEXT,
    "resolvedById" TEXT,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "Dispute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" TEXT NOT NULL,
    "bookingId" TEXT NOT NULL,
    "paymentId" TEXT,
    "payoutId" TEXT,
    "kind" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerLine" (
    "id" SERIAL NOT NULL,
    "entryId" TEXT NOT NULL,
    "bookingId" TEXT NOT NULL,
    "paymentId" TEXT,
    "account" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,

    CONSTRAINT "LedgerLine_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Dispute_bookingId_key" ON "Dispute"("bookingId");

-- CreateIndex
CREATE INDEX "Dispute_resolvedAt_openedAt_idx" ON "Dispute"("resolvedAt", "openedAt");

-- CreateIndex
CREATE INDEX "LedgerEntry_bookingId_idx" ON "LedgerEntry"("bookingId");

-- CreateIndex
CREATE INDEX "LedgerLine_entryId_idx" ON "LedgerLine"("entryId");

-- CreateIndex
CREATE INDEX "LedgerLine_bookingId_account_idx" ON "LedgerLine"("bookingId", "account");

-- CreateIndex
CREATE INDEX "LedgerLine_paymentId_account_idx" ON "LedgerLine"("paymentId", "account");

-- CreateIndex
CREATE INDEX "LedgerLine_account_idx" ON "LedgerLine"("account");

-- CreateIndex
CREATE INDEX "Booking_status_completedAt_idx" ON "Booking"("status", "completedAt");

-- CreateIndex
CREATE INDEX "Payment_bookingId_createdAt_idx" ON "Payment"("bookingId", "createdAt");

-- CreateIndex
CREATE INDEX "Payment_status_idx" ON "Payment"("status");

-- AddForeignKey
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "Booking"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerLine" ADD CONSTRAINT "LedgerLine_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "LedgerEntry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Opening entries for money that moved before the ledger existed, so the ledger check holds
-- for it too (docs/money.md, Upgrading). Cash "in escrow" was always in the provider's hands,
-- and a card is never left between capture and escrow.
UPDATE "Payment" SET "status" = 'PAID' WHERE "method" = 'CASH' AND "status" = 'ESCROW';
UPDATE "Payment" SET "status" = 'ESCROW' WHERE "method" = 'CARD' AND "status" = 'PAID';
UPDATE "Payment" SET "refundedCents" = "amountCents" WHERE "status" = 'REFUNDED';
UPDATE "Payout" SET "paymentId" = (SELECT p."id" FROM "Payment" p WHERE p."bookingId" = "Payout"."bookingId");

INSERT INTO "LedgerEntry" ("id", "bookingId", "paymentId", "kind", "createdAt")
SELECT 'opening-capture-' || "id", "bookingId", "id", 'capture', "updatedAt" FROM "Payment" WHERE "status" IN ('PAID', 'ESCROW', 'RELEASED', 'REFUNDED');
INSERT INTO "LedgerLine" ("entryId", "bookingId", "paymentId", "account", "amountCents", "currency")
SELECT 'opening-capture-' || "id", "bookingId", "id", 'client', -"amountCents", "currency" FROM "Payment" WHERE "status" IN ('PAID', 'ESCROW', 'RELEASED', 'REFUNDED');
INSERT INTO "LedgerLine" ("entryId", "bookingId", "paymentId", "account", "amountCents", "currency")
SELECT 'opening-capture-' || "id", "bookingId", "id", CASE WHEN "method" = 'CARD' THEN 'escrow' ELSE 'provider_cash' END, "amountCents", "currency" FROM "Payment" WHERE "status" IN ('PAID', 'ESCROW', 'RELEASED', 'REFUNDED');

-- Refunds: all of it back to the client.
INSERT INTO "LedgerEntry" ("id", "bookingId", "paymentId", "kind", "createdAt")
SELECT 'opening-settle-' || "id", "bookingId", "id", 'settle', "updatedAt" FROM "Payment" WHERE "status" = 'REFUNDED';
INSERT INTO "LedgerLine" ("entryId", "bookingId", "paymentId", "account", "amountCents", "currency")
SELECT 'opening-settle-' || "id", "bookingId", "id", CASE WHEN "method" = 'CARD' THEN 'escrow' ELSE 'provider_cash' END, -"amountCents", "currency" FROM "Payment" WHERE "status" = 'REFUNDED';
INSERT INTO "LedgerLine" ("entryId", "bookingId", "paymentId", "account", "amountCents", "currency")
SELECT 'opening-settle-' || "id", "bookingId", "id", 'client', "amountCents", "currency" FROM "Payment" WHERE "status" = 'REFUNDED';

-- Releases: the provider's part is what their payout was; the rest was the platform's fee
-- (collected on a card, owed on cash). A release from before had a payout for cash too: the
-- ledger check reports those, since the platform never held that money.
INSERT INTO "LedgerEntry" ("id", "bookingId", "paymentId", "kind", "createdAt")
SELECT 'opening-settle-' || p."id", p."bookingId", p."id", 'settle', p."updatedAt" FROM "Payment" p JOIN "Payout" o ON o."paymentId" = p."id" WHERE p."status" = 'RELEASED';
INSERT INTO "LedgerLine" ("entryId", "bookingId", "paymentId", "account", "amountCents", "currency")
SELECT 'opening-settle-' || p."id", p."bookingId", p."id", CASE WHEN p."method" = 'CARD' THEN 'escrow' ELSE 'provider_cash' END, -p."amountCents", p."currency" FROM "Payment" p JOIN "Payout" o ON o."paymentId" = p."id" WHERE p."status" = 'RELEASED';
INSERT INTO "LedgerLine" ("entryId", "bookingId", "paymentId", "account", "amountCents", "currency")
SELECT 'opening-settle-' || p."id", p."bookingId", p."id", CASE WHEN p."method" = 'CARD' THEN 'provider_payable' ELSE 'provider' END, o."amountCents", p."currency" FROM "Payment" p JOIN "Payout" o ON o."paymentId" = p."id" WHERE p."status" = 'RELEASED';
INSERT INTO "LedgerLine" ("entryId", "bookingId", "paymentId", "account", "amountCents", "currency")
SELECT 'opening-settle-' || p."id", p."bookingId", p."id", CASE WHEN p."method" = 'CARD' THEN 'platform_revenue' ELSE 'fees_receivable' END, p."amountCents" - o."amountCents", p."currency" FROM "Payment" p JOIN "Payout" o ON o."paymentId" = p."id" WHERE p."status" = 'RELEASED' AND p."amountCents" > o."amountCents";

-- Card payouts' steps so far: sent once PROCESSING, then arrived (COMPLETED) or back as owed (FAILED).
INSERT INTO "LedgerEntry" ("id", "bookingId", "paymentId", "payoutId", "kind", "createdAt")
SELECT 'opening-sent-' || o."id", o."bookingId", o."paymentId", o."id", 'payout_sent', o."updatedAt" FROM "Payout" o JOIN "Payment" p ON p."id" = o."paymentId" WHERE p."method" = 'CARD' AND o."status" IN ('PROCESSING', 'COMPLETED', 'FAILED');
INSERT INTO "LedgerLine" ("entryId", "bookingId", "paymentId", "account", "amountCents", "currency")
SELECT 'opening-sent-' || o."id", o."bookingId", o."paymentId", 'provider_payable', -o."amountCents", o."currency" FROM "Payout" o JOIN "Payment" p ON p."id" = o."paymentId" WHERE p."method" = 'CARD' AND o."status" IN ('PROCESSING', 'COMPLETED', 'FAILED');
INSERT INTO "LedgerLine" ("entryId", "bookingId", "paymentId", "account", "amountCents", "currency")
SELECT 'opening-sent-' || o."id", o."bookingId", o."paymentId", 'payout_in_transit', o."amountCents", o."currency" FROM "Payout" o JOIN "Payment" p ON p."id" = o."paymentId" WHERE p."method" = 'CARD' AND o."status" IN ('PROCESSING', 'COMPLETED', 'FAILED');
INSERT INTO "LedgerEntry" ("id", "bookingId", "paymentId", "payoutId", "kind", "createdAt")
SELECT 'opening-done-' || o."id", o."bookingId", o."paymentId", o."id", CASE WHEN o."status" = 'COMPLETED' THEN 'payout_completed' ELSE 'payout_failed' END, o."updatedAt" FROM "Payout" o JOIN "Payment" p ON p."id" = o."paymentId" WHERE p."method" = 'CARD' AND o."status" IN ('COMPLETED', 'FAILED');
INSERT INTO "LedgerLine" ("entryId", "bookingId", "paymentId", "account", "amountCents", "currency")
SELECT 'opening-done-' || o."id", o."bookingId", o."paymentId", 'payout_in_transit', -o."amountCents", o."currency" FROM "Payout" o JOIN "Payment" p ON p."id" = o."paymentId" WHERE p."method" = 'CARD' AND o."status" IN ('COMPLETED', 'FAILED');
INSERT INTO "LedgerLine" ("entryId", "bookingId", "paymentId", "account", "amountCents", "currency")
SELECT 'opening-done-' || o."id", o."bookingId", o."paymentId", CASE WHEN o."status" = 'COMPLETED' THEN 'provider' ELSE 'provider_payable' END, o."amountCents", o."currency" FROM "Payout" o JOIN "Payment" p ON p."id" = o."paymentId" WHERE p."method" = 'CARD' AND o."status" IN ('COMPLETED', 'FAILED');
