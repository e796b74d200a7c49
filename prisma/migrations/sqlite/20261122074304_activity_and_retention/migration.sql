-- CreateTable
CREATE TABLE "UserActivity" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "path" TEXT,
    "bookingId" TEXT,
    "action" TEXT,
    "node" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "EventLogTrim" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "throughEventId" INTEGER NOT NULL,
    "trimmedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "UserActivity_createdAt_idx" ON "UserActivity"("createdAt");

-- CreateIndex
CREATE INDEX "Notification_priority_createdAt_idx" ON "Notification"("priority", "createdAt");

-- CreateIndex
CREATE INDEX "ConnectionSession_disconnectedAt_idx" ON "ConnectionSession"("disconnectedAt");

