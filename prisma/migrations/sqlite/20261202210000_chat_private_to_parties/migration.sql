-- Chat is private to a booking's two parties: messages written before this rule were also
-- addressed to the booking's room, which staff and admins may join and catch up on.
DELETE FROM "EventTarget" WHERE "target" LIKE 'booking:%' AND "eventId" IN (SELECT "id" FROM "Event" WHERE "type" = 'chat:message');
