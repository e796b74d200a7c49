-- AlterTable
ALTER TABLE "User" ADD COLUMN "announcementsReadAt" DATETIME;

