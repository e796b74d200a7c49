import type { LucideIcon } from "lucide-react";

/** One figure of the monitor: an icon and label, the value, a line of detail, and a chart below. */
export function Tile({
  Icon,
  label,
  value,
  detail,
  children,
}: {
  Icon: LucideIcon;
  label: string;
  value: React.ReactNode;
  detail: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <div className="flex min-w-0 flex-col gap-1 rounded-xl bg-slate-50 p-3 sm:p-4">
      <dt className="flex items-center gap-1.5 text-xs font-medium uppercase tracking-wide text-slate-600">
        <Icon aria-hidden className="size-3.5" />
        {label}
      </dt>
      <dd className="text-2xl font-semibold tabular-nums text-slate-900">{value}</dd>
      <dd className="text-xs text-slate-600 sm:truncate" title={typeof detail === "string" ? detail : undefined}>
        {detail}
      </dd>
      {/* mt-auto: charts line up at the bottom when one detail wraps onto two lines */}
      <dd className="mt-auto pt-2">{children}</dd>
    </div>
  );
}

/** A dot in a series' colour, the legend of a chart. */
export function LegendDot({ className }: { className: string }) {
  return <span aria-hidden className={`mr-1 inline-block size-2 rounded-full align-middle ${className}`} />;
}
