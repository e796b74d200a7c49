"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** The header's page links; the one for the page on screen is marked current. */
export function NavLinks({ items }: { items: { href: string; label: string }[] }) {
  const pathname = usePathname();
  return items.map((item) => {
    const current = pathname === item.href;
    return (
      <Link
        key={item.href}
        href={item.href}
        aria-current={current ? "page" : undefined}
        className={`rounded-md px-3 py-1.5 ${current ? "bg-slate-100 font-medium text-slate-900" : "text-slate-600 hover:bg-slate-50 hover:text-slate-900"}`}
      >
        {item.label}
      </Link>
    );
  });
}
