-- CreateTable
CREATE TABLE "EventLogEpoch" (
    "id" INTEGER NOT NULL,
    "epoch" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EventLogEpoch_pkey" PRIMARY KEY ("id")
);


-- This database's log, told apart from every other's (lib/domain/events.ts, eventLogEpoch).
INSERT INTO "EventLogEpoch" ("id", "epoch") VALUES (1, replace(gen_random_uuid()::text, '-', ''));
