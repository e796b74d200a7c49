import type { Role } from "@/lib/auth/identity";

/** The pages each role may open, in header order. ADMIN can see what STAFF sees. */
export const NAV_BY_ROLE: Record<Role, { href: string; label: string }[]> = {
  CLIENT: [{ href: "/client", label: "Book" }],
  PROVIDER: [{ href: "/provider", label: "Requests" }],
  ADMIN: [
    { href: "/admin", label: "Admin" },
    { href: "/staff", label: "Monitor" },
  ],
  STAFF: [{ href: "/staff", label: "Monitor" }],
};
