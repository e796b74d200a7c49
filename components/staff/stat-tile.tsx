import type { LucideIcon } from "lucide-react";
import type { Percentiles } from "@/lib/realtime/protocol";
import { Sparkline } from "./sparkline";

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
function LegendDot({ className }: { className: string }) {
  return <span aria-hidden className={`mr-1 inline-block size-2 rounded-full align-middle ${className}`} />;
}

type Tone = { dot: string; line: string };

/**
 * Each hue's shades for p50, p95 and p99, written out whole so Tailwind finds the classes
 * (a background for each legend dot, a stroke for its line).
 */
const PERCENTILE_TONES: Record<"amber" | "sky", Record<keyof Percentiles, Tone>> = {
  amber: {
    p50: { dot: "bg-amber-300", line: "stroke-amber-300" },
    p95: { dot: "bg-amber-500", line: "stroke-amber-500" },
    p99: { dot: "bg-amber-700", line: "stroke-amber-700" },
  },
  sky: {
    p50: { dot: "bg-sky-300", line: "stroke-sky-300" },
    p95: { dot: "bg-sky-500", line: "stroke-sky-500" },
    p99: { dot: "bg-sky-700", line: "stroke-sky-700" },
  },
};

/**
 * A tile for a measured time: p95 as the value, p50 and p99 beside it, and a chart of all
 * three in shades of `hue`. `readings` are the samples' percentiles, oldest first.
 */
export function PercentileTile({
  Icon,
  label,
  chartLabel,
  times,
  windowMs,
  readings,
  hue,
}: {
  Icon: LucideIcon;
  label: string;
  chartLabel: string;
  times: number[];
  windowMs: number;
  readings: Percentiles[];
  hue: keyof typeof PERCENTILE_TONES;
}) {
  const tones = PERCENTILE_TONES[hue];
  const { p50, p95, p99 } = readings[readings.length - 1];
  return (
    <Tile
      Icon={Icon}
      label={label}
      value={
        <>
          <LegendDot className={tones.p95.dot} />
          {p95} ms
        </>
      }
      detail={
        // With the dot above, the chart's legend: the colour of each percentile's line.
        <>
          <span className="whitespace-nowrap">
            <LegendDot className={tones.p50.dot} />p50 {p50} ms
          </span>{" "}
          ·{" "}
          <span className="whitespace-nowrap">
            <LegendDot className={tones.p99.dot} />p99 {p99} ms
          </span>
        </>
      }
    >
      <Sparkline
        label={chartLabel}
        unit=" ms"
        times={times}
        windowMs={windowMs}
        series={(["p50", "p95", "p99"] as const).map((name) => ({ name, values: readings.map((r) => r[name]), lineClassName: tones[name].line }))}
      />
    </Tile>
  );
}
