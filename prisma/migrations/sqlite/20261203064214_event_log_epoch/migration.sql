-- CreateTable
CREATE TABLE "EventLogEpoch" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "epoch" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);


-- This database's log, told apart from every other's (lib/domain/events.ts, eventLogEpoch).
INSERT INTO "EventLogEpoch" ("id", "epoch") VALUES (1, lower(hex(randomblob(16))));
