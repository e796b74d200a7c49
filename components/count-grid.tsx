/** Labelled counts in a row of tiles. */
export function CountGrid({ counts }: { counts: Record<string, number> }) {
  const entries = Object.entries(counts);
  if (entries.length === 0) return <p className="text-sm text-slate-600">Nothing yet.</p>;
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      {entries.map(([label, count]) => (
        <div key={label} className="rounded-xl bg-slate-50 p-3">
          <dt className="text-xs uppercase tracking-wide text-slate-500">{label.replaceAll("_", " ").toLowerCase()}</dt>
          <dd className="text-2xl font-semibold text-slate-900">{count}</dd>
        </div>
      ))}
    </dl>
  );
}
