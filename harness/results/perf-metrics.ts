// What the performance reports measure, from CRIU's own stats: the metrics, the samples a cell gives
// (one per repeat), and their median and spread. The HTML charts and the Markdown table share it.
import type { CellRecord, CriuStats, StepRecord } from "./outcome.js";

export interface PerfMetric {
  key: string;
  /** Shown as a column or chart title. */
  title: string;
  unit: "ms" | "pages" | "MiB";
  /** The steps it is read from. */
  kind: "dump" | "restore";
  read(stats: Extract<CriuStats, { fields: Record<string, number> }>): number | undefined;
}

/** Dump and restore time, pages and the images' size (times are µs in CRIU's stats). */
export const PERF_METRICS: readonly PerfMetric[] = [
  { key: "dump-ms", title: "dump time (frozen_time)", unit: "ms", kind: "dump", read: (s) => ms(s.fields.frozen_time) },
  { key: "restore-ms", title: "restore time (restore_time)", unit: "ms", kind: "restore", read: (s) => ms(s.fields.restore_time) },
  { key: "pages", title: "pages written", unit: "pages", kind: "dump", read: (s) => s.fields.pages_written },
  { key: "images-mib", title: "images size", unit: "MiB", kind: "dump", read: (s) => (s.kind === "dump" && s.imagesBytes !== undefined ? s.imagesBytes / 2 ** 20 : undefined) },
];

function ms(us: number | undefined): number | undefined {
  return us === undefined ? undefined : us / 1000;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  /** How many samples. */
  n: number;
}

export function spreadOf(samples: readonly number[]): Spread | undefined {
  if (samples.length === 0) return undefined;
  const s = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s.at(-1)!, n: s.length };
}

/** Each run of the cell: its repeats when there were, else the one run its steps show. */
function runsOf(cell: CellRecord): Pick<StepRecord, "name" | "stats">[][] {
  return cell.repeats && cell.repeats.length > 0 ? cell.repeats.map((r) => r.steps) : [cell.steps];
}

/** The names of the steps that carry this metric's kind, in the order they ran: dump, re-dump... */
export function measuredSteps(cell: CellRecord, metric: PerfMetric): string[] {
  const names = runsOf(cell).flatMap((steps) => steps.filter((s) => s.stats?.kind === metric.kind).map((s) => s.name));
  return [...new Set(names)];
}

/** One sample per run of the cell: the metric read from the step of that name, where CRIU wrote stats. */
export function samplesOf(cell: CellRecord, metric: PerfMetric, step: string): number[] {
  return runsOf(cell).flatMap((steps) => {
    const stats = steps.find((s) => s.name === step)?.stats;
    const value = stats && !stats.missing && stats.kind === metric.kind ? metric.read(stats) : undefined;
    return value === undefined ? [] : [value];
  });
}

/** A number as the reports print it: ms and MiB to one decimal below 100, pages whole. */
export function formatValue(value: number, unit: PerfMetric["unit"]): string {
  if (unit === "pages") return String(Math.round(value));
  return value >= 100 ? String(Math.round(value)) : value.toFixed(1);
}
