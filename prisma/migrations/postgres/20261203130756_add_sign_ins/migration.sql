-- CreateTable
CREATE TABLE "SignIn" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "userAgent" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "signedInAt" TIMESTAMP(3) NOT NULL,
    "signedOutAt" TIMESTAMP(3),

    CONSTRAINT "SignIn_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SignIn_userId_signedInAt_idx" ON "SignIn"("userId", "signedInAt");

-- CreateIndex
CREATE INDEX "SignIn_signedInAt_idx" ON "SignIn"("signedInAt");

-- AddForeignKey
ALTER TABLE "SignIn" ADD CONSTRAINT "SignIn_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

