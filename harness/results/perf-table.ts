// The performance table (Markdown): per scenario, CRIU version and kernel, the median and spread
// (min–max over the repeats) of dump and restore time, pages and the images' size.
import semver from "semver";
import type { CellRecord } from "./outcome.js";
import { PERF_METRICS, formatValue, measuredSteps, samplesOf, spreadOf, type PerfMetric } from "./perf-metrics.js";

export interface PerfTableOptions {
  /** Which dump/restore of the cell's steps: 1 (default) the first, 2 the re-dump and re-restore. */
  cycle?: number;
  metrics?: readonly PerfMetric[];
}

function byVersionThenKernel(a: CellRecord, b: CellRecord): number {
  if (a.scenario !== b.scenario) return a.scenario.localeCompare(b.scenario);
  if (a.kernelName !== b.kernelName) return a.kernelName === "host" ? -1 : b.kernelName === "host" ? 1 : a.kernelName.localeCompare(b.kernelName);
  const [va, vb] = [semver.valid(a.criuVersion), semver.valid(b.criuVersion)];
  return va && vb ? semver.compare(va, vb) : a.criuVersion.localeCompare(b.criuVersion);
}

function unitOf(metric: PerfMetric): string {
  return metric.unit === "pages" ? "" : `, ${metric.unit}`;
}

/** "median (min–max)", or "–" with no sample. */
function spreadText(samples: readonly number[], metric: PerfMetric): string {
  const s = spreadOf(samples);
  if (!s) return "–";
  const median = formatValue(s.median, metric.unit);
  return s.n === 1 ? median : `${median} (${formatValue(s.min, metric.unit)}–${formatValue(s.max, metric.unit)})`;
}

/** One row per cell that has stats (cross-version cells are left out); empty when none has. */
export function renderPerfTable(cells: readonly CellRecord[], options: PerfTableOptions = {}): string {
  const cycle = options.cycle ?? 1;
  const metrics = options.metrics ?? PERF_METRICS;
  const rows = [...cells].filter((c) => !c.restoreVersion).sort(byVersionThenKernel).flatMap((c) => {
    const columns = metrics.map((m) => {
      const step = measuredSteps(c, m)[cycle - 1];
      return step ? samplesOf(c, m, step) : [];
    });
    if (columns.every((s) => s.length === 0)) return [];
    const n = Math.max(...columns.map((s) => s.length));
    return [`| ${c.scenario} | ${c.criuVersion} | ${c.kernelName} | ${n} | ${columns.map((s, i) => spreadText(s, metrics[i]!)).join(" | ")} |`];
  });
  if (rows.length === 0) return "";
  return [
    `| scenario | CRIU | kernel | runs | ${metrics.map((m) => `${m.title}${unitOf(m)}`).join(" | ")} |`,
    `|---|---|---|---:|${metrics.map(() => "---:").join("|")}|`,
    ...rows,
  ].join("\n") + "\n";
}
