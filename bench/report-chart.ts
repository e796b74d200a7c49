/** The SVG chart of a run: each server's p99 against the rate each stage achieved, for triggers with and without an inbox notification. */
import { fmt, TARGETED_P99_GOAL_MS, top, type BenchResults } from "./report";

/**
 * p99 of targeted triggers (solid) and of inbox notifications (dashed) against the rate
 * each stage achieved, for each server, on a logarithmic latency axis with the 50 ms goal
 * and the ramps' 100 ms stop marked. The p50s are in the report's tables.
 */
export function latencyChart(r: BenchResults): string {
  const [width, height] = [780, 420];
  const plot = { left: 70, right: width - 200, top: 40, bottom: height - 55 };
  const servers = [
    { name: "SQLite", color: "#c0392b", results: r.switchboard },
    { name: "PostgreSQL", color: "#2980b9", results: r.switchboardPostgres },
    { name: "bare Socket.IO", color: "#7f8c8d", results: r.baseline },
  ];
  const series = servers.flatMap(({ name, color, results }) => [
    { name: `${name} targeted`, color, dash: "", stages: results.targeted.stages },
    { name: `${name} inbox`, color, dash: "6 4", stages: results.inbox.stages },
  ]);
  const points = series.map((s) => s.stages.filter((st) => st.latency.count > 0).map((st) => ({ x: st.achievedRate, y: Math.max(0.1, st.latency.p99) })));
  const all = points.flat();
  const xMax = niceCeiling(Math.max(1, ...all.map((p) => p.x)));
  const [yMinExp, yMaxExp] = [Math.floor(Math.log10(Math.min(1, ...all.map((p) => p.y)))), Math.ceil(Math.log10(Math.max(1000, ...all.map((p) => p.y))))];
  const x = (v: number) => plot.left + (v / xMax) * (plot.right - plot.left);
  const y = (v: number) => plot.bottom - ((Math.log10(v) - yMinExp) / (yMaxExp - yMinExp)) * (plot.bottom - plot.top);

  const xTicks = Array.from({ length: 6 }, (_, i) => (xMax * i) / 5);
  const yTicks = Array.from({ length: yMaxExp - yMinExp + 1 }, (_, i) => 10 ** (yMinExp + i));
  const parts = [
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">p99 against load: triggers, and triggers with an inbox notification (${r.mode} run, ${fmt(top(r.switchboard).connect.connections)} clients)</text>`,
    ...xTicks.map((t) => `<line x1="${x(t)}" y1="${plot.top}" x2="${x(t)}" y2="${plot.bottom}" stroke="#eee"/><text x="${x(t)}" y="${plot.bottom + 18}" text-anchor="middle">${fmt(t)}</text>`),
    ...yTicks.map((t) => `<line x1="${plot.left}" y1="${y(t)}" x2="${plot.right}" y2="${y(t)}" stroke="#eee"/><text x="${plot.left - 8}" y="${y(t) + 4}" text-anchor="end">${fmt(t, t < 1 ? 1 : 0)}</text>`),
    ...[
      [TARGETED_P99_GOAL_MS, "goal p99 50 ms"],
      [100, "ramp stops: p99 100 ms"],
    ].map(([ms, label]) => `<line x1="${plot.left}" y1="${y(Number(ms))}" x2="${plot.right}" y2="${y(Number(ms))}" stroke="#27ae60" stroke-dasharray="3 3"/><text x="${plot.right - 4}" y="${y(Number(ms)) - 4}" text-anchor="end" fill="#27ae60">${label}</text>`),
    `<rect x="${plot.left}" y="${plot.top}" width="${plot.right - plot.left}" height="${plot.bottom - plot.top}" fill="none" stroke="#999"/>`,
    `<text x="${(plot.left + plot.right) / 2}" y="${height - 15}" text-anchor="middle">achieved rate (notifications per second)</text>`,
    `<text transform="translate(18 ${(plot.top + plot.bottom) / 2}) rotate(-90)" text-anchor="middle">latency, ms (log scale)</text>`,
    ...series.map((s, i) => {
      const path = points[i].map((p) => `${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join(" ");
      const dots = points[i].map((p) => `<circle cx="${x(p.x).toFixed(1)}" cy="${y(p.y).toFixed(1)}" r="3" fill="${s.color}"/>`).join("");
      const legendY = plot.top + 10 + i * 22;
      return `<polyline points="${path}" fill="none" stroke="${s.color}" stroke-width="2" stroke-dasharray="${s.dash}"/>${dots}<line x1="${plot.right + 12}" y1="${legendY}" x2="${plot.right + 36}" y2="${legendY}" stroke="${s.color}" stroke-width="2" stroke-dasharray="${s.dash}"/><text x="${plot.right + 42}" y="${legendY + 4}">${s.name}</text>`;
    }),
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">\n${parts.join("\n")}\n</svg>\n`;
}

/** The next 1, 2 or 5 times a power of ten at or above `value`: a round axis end. */
export function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * power).find((v) => v >= value)!;
}
