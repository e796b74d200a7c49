import Link from "next/link";

export const PROFILE_PATH = "/settings/profile";
export const NOTIFICATION_SETTINGS_PATH = "/settings/notifications";

const SECTIONS = [
  { href: PROFILE_PATH, label: "Profile" },
  { href: NOTIFICATION_SETTINGS_PATH, label: "Notifications" },
] as const;

/** The settings pages, side by side as tabs above each of them; the page on screen is marked current. */
export function SettingsNav({ current }: { current: (typeof SECTIONS)[number]["href"] }) {
  return (
    <nav aria-label="Settings" className="mb-6 flex gap-1 border-b border-slate-200 text-sm">
      {SECTIONS.map((section) => {
        const here = section.href === current;
        return (
          <Link
            key={section.href}
            href={section.href}
            aria-current={here ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 ${here ? "border-indigo-600 font-medium text-slate-900" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"}`}
          >
            {section.label}
          </Link>
        );
      })}
    </nav>
  );
}
