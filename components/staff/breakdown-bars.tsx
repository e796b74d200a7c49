/** Counts as labelled horizontal bars, each bar sized by its share of the total; the numbers are the text. */
export function BreakdownBars({ title, items }: { title: string; items: { label: string; count: number }[] }) {
  const total = items.reduce((sum, item) => sum + item.count, 0);
  return (
    <div>
      <h3 className="mb-2 text-xs font-medium uppercase tracking-wide text-slate-600">{title}</h3>
      <dl className="space-y-2">
        {items.map((item) => (
          <div key={item.label} className="grid grid-cols-[6.5rem_minmax(0,1fr)_2rem] items-center gap-3 text-sm">
            <dt className="text-slate-700">{item.label}</dt>
            <dd aria-hidden className="h-2 overflow-hidden rounded-full bg-slate-100">
              <span
                className="block h-full rounded-full bg-indigo-500 transition-[width] duration-500"
                style={{ width: `${total ? (item.count / total) * 100 : 0}%` }}
              />
            </dd>
            <dd className="text-right font-medium tabular-nums text-slate-900">{item.count}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
