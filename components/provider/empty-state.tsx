import type { LucideIcon } from "lucide-react";

/** What an empty panel says: what will appear here, and when. */
export function EmptyState({ Icon, title, children }: { Icon: LucideIcon; title: string; children: React.ReactNode }) {
  return (
    <div className="flex items-start gap-3 rounded-xl border border-dashed border-slate-300 p-4">
      <Icon aria-hidden className="mt-0.5 size-5 shrink-0 text-slate-400" />
      <div>
        <p className="text-sm font-medium text-slate-800">{title}</p>
        <p className="text-sm text-slate-600">{children}</p>
      </div>
    </div>
  );
}
