-- CreateTable
CREATE TABLE "UserActivity" (
    "id" SERIAL NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "kind" TEXT NOT NULL,
    "path" TEXT,
    "bookingId" TEXT,
    "action" TEXT,
    "node" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UserActivity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventLogTrim" (
    "id" INTEGER NOT NULL,
    "throughEventId" INTEGER NOT NULL,
    "trimmedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EventLogTrim_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "UserActivity_createdAt_idx" ON "UserActivity"("createdAt");

-- CreateIndex
CREATE INDEX "Notification_priority_createdAt_idx" ON "Notification"("priority", "createdAt");

-- CreateIndex
CREATE INDEX "ConnectionSession_disconnectedAt_idx" ON "ConnectionSession"("disconnectedAt");

