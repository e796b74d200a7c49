/** A run's results as files: the raw JSON, the markdown report and (for the main run) the SVG chart. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchResults, TwoNodeResults } from "./report";
import { latencyChart } from "./report-chart";
import { markdownReport, twoNodeMarkdown } from "./report-markdown";

/** Writes `<name>.json`, `<name>.md` and `<name>.svg` into `dir`; returns their paths. */
export function writeReport(results: BenchResults, dir: string): string[] {
  return writeFiles(dir, [
    [`${results.name}.json`, `${JSON.stringify(results, null, 2)}\n`],
    [`${results.name}.md`, markdownReport(results)],
    [`${results.name}.svg`, latencyChart(results)],
  ]);
}

/** Writes `<name>.json` and `<name>.md` of a two-node run into `dir`; returns their paths. */
export function writeTwoNodeReport(results: TwoNodeResults, dir: string): string[] {
  return writeFiles(dir, [
    [`${results.name}.json`, `${JSON.stringify(results, null, 2)}\n`],
    [`${results.name}.md`, twoNodeMarkdown(results)],
  ]);
}

function writeFiles(dir: string, files: [string, string][]): string[] {
  mkdirSync(dir, { recursive: true });
  return files.map(([name, text]) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  });
}
