import { hashPassword } from "../auth/password";
import type { Role } from "../auth/identity";
import type { Db } from "./client";

/** The demo password of every seeded account. Public, so production never seeds. */
export const DEMO_PASSWORD = "demo-password";

export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: "client@demo.test", name: "Casey Client", role: "CLIENT" },
  { email: "client2@demo.test", name: "Cameron Client", role: "CLIENT" },
  { email: "provider@demo.test", name: "Priya Provider", role: "PROVIDER" },
  { email: "provider2@demo.test", name: "Pablo Provider", role: "PROVIDER" },
  { email: "admin@demo.test", name: "Ada Admin", role: "ADMIN" },
  { email: "staff@demo.test", name: "Sam Staff", role: "STAFF" },
];

const DEMO_SERVICES: Record<string, { title: string; description: string; priceCents: number; durationMinutes: number; capacity: number }[]> = {
  "provider@demo.test": [
    { title: "Deep home cleaning", description: "Kitchen, bathrooms and floors, top to bottom.", priceCents: 13500, durationMinutes: 180, capacity: 3 },
    { title: "Move-out cleaning", description: "Everything a landlord checks, with a checklist.", priceCents: 150000, durationMinutes: 480, capacity: 2 },
  ],
  "provider2@demo.test": [
    { title: "Bike tune-up", description: "Gears, brakes and a safety check.", priceCents: 6500, durationMinutes: 60, capacity: 4 },
    { title: "Personal training session", description: "One hour, any level.", priceCents: 8000, durationMinutes: 60, capacity: 5 },
  ],
};

/**
 * Adds the demo accounts and services of the public contract. Idempotent: existing
 * accounts are left as they are, and a provider who has services gets no more.
 */
export async function seedDemo(db: Db): Promise<{ users: number; services: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let users = 0;
  let services = 0;
  for (const user of DEMO_USERS) {
    const existing = await db.user.findUnique({ where: { email: user.email } });
    const row = existing ?? (await db.user.create({ data: { ...user, passwordHash } }));
    if (!existing) users++;
    const offers = DEMO_SERVICES[user.email] ?? [];
    if (offers.length && (await db.service.count({ where: { providerId: row.id } })) === 0) {
      for (const offer of offers) {
        await db.service.create({ data: { ...offer, providerId: row.id, available: offer.capacity } });
        services++;
      }
    }
  }
  return { users, services };
}
