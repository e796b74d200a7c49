-- CreateTable
CREATE TABLE "SignIn" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "userAgent" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "signedInAt" DATETIME NOT NULL,
    "signedOutAt" DATETIME,
    CONSTRAINT "SignIn_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "SignIn_userId_signedInAt_idx" ON "SignIn"("userId", "signedInAt");

-- CreateIndex
CREATE INDEX "SignIn_signedInAt_idx" ON "SignIn"("signedInAt");

