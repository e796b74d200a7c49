-- AlterTable
ALTER TABLE "User" ADD COLUMN     "announcementsReadAt" TIMESTAMP(3);

