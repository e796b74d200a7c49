-- AlterTable
ALTER TABLE "User" ADD COLUMN "sessionsRevokedAt" DATETIME;

