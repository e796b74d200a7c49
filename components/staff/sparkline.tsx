export type SparklineSeries = {
  name: string;
  values: number[];
  /** Tailwind stroke colour of the line. */
  lineClassName: string;
  /** Tailwind fill colour of the area under the line; leave out for a bare line. */
  areaClassName?: string;
};

const WIDTH = 120;
const HEIGHT = 32;

/**
 * A small line chart of the samples of the last `windowMs` (all of them, stretched across
 * the width, until there is that much history). Its text alternative (`label`, the span,
 * and each series' latest and highest value) is what a screen reader reads.
 *
 * @example
 * <Sparkline label="Connections" unit="" windowMs={300_000} times={[t1, t2]} series={[{ name: "connections", values: [3, 4], lineClassName: "stroke-indigo-600" }]} />
 */
export function Sparkline({
  label,
  times,
  series,
  windowMs,
  unit = "",
}: {
  label: string;
  times: number[];
  series: SparklineSeries[];
  windowMs: number;
  unit?: string;
}) {
  if (times.length < 2) {
    return <p className="flex h-8 items-center text-xs text-slate-600">Collecting samples…</p>;
  }
  const end = times[times.length - 1];
  const start = Math.max(times[0], end - windowMs);
  const span = Math.max(1, end - start);
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const x = (t: number) => ((t - start) / span) * WIDTH;
  // One unit of padding keeps a flat line at zero or at the top from being cut in half.
  const y = (v: number) => HEIGHT - 1 - (v / max) * (HEIGHT - 2);
  const summary = series
    .map((s) => `${s.name} now ${s.values[s.values.length - 1]}${unit}, highest ${Math.max(...s.values)}${unit}`)
    .join("; ");

  return (
    <svg
      role="img"
      aria-label={`${label}, last ${describeSpan(span)}: ${summary}`}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      preserveAspectRatio="none"
      className="h-8 w-full overflow-visible"
    >
      <line x1={0} x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} className="stroke-slate-200" vectorEffect="non-scaling-stroke" />
      {series.map((s) => {
        const points = s.values.map((v, i) => `${x(times[i]).toFixed(2)},${y(v).toFixed(2)}`);
        return (
          <g key={s.name}>
            {s.areaClassName ? (
              <path
                d={`M0,${HEIGHT} L${points.join(" L")} L${WIDTH},${HEIGHT} Z`}
                className={`${s.areaClassName} stroke-none`}
              />
            ) : null}
            <polyline
              points={points.join(" ")}
              fill="none"
              strokeWidth={1.5}
              strokeLinejoin="round"
              strokeLinecap="round"
              vectorEffect="non-scaling-stroke"
              className={s.lineClassName}
            />
          </g>
        );
      })}
    </svg>
  );
}

/** "14 seconds", "3 minutes". */
function describeSpan(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 90 ? `${seconds} seconds` : `${Math.round(seconds / 60)} minutes`;
}
