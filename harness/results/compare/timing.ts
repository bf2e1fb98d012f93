// Timing regressions between two runs, judged only where both repeated the cell: a median that
// grew by more than the noise band the repeats themselves show.
import type { CellRecord } from "../outcome.js";

export interface TimingChange {
  id: string;
  label: string;
  /** "cell", or a step kind summed over the cell: "dump", "restore". */
  metric: string;
  beforeMs: number;
  afterMs: number;
  /** How much growth the repeats' spread explains. */
  bandMs: number;
}

/** Repeats needed on both sides before a timing change is judged at all. */
export const MIN_REPEATS = 3;

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median absolute deviation: a spread that one outlier does not blow up. */
export function mad(xs: readonly number[]): number {
  const m = median(xs);
  return median(xs.map((x) => Math.abs(x - m)));
}

/**
 * The band: 3 MADs of the noisier side (about 2 standard deviations for normal noise), plus 10%
 * of the baseline median and 20 ms, so tiny steps and quiet runs do not flag scheduler jitter.
 */
export function noiseBand(before: readonly number[], after: readonly number[]): number {
  return 3 * Math.max(mad(before), mad(after)) + 0.1 * median(before) + 20;
}

/** Per repeat: the cell's time, and the summed time of its dump and restore steps. */
function series(c: CellRecord): Map<string, number[]> {
  const runs = c.repeats ?? [];
  const out = new Map<string, number[]>([["cell", runs.map((r) => r.ms)]]);
  for (const kind of ["dump", "restore"]) {
    out.set(kind, runs.map((r) => r.steps.filter((s) => s.name === kind || s.name.endsWith(`-${kind}`) || s.name.startsWith(`${kind}-`)).reduce((t, s) => t + s.ms, 0)));
  }
  return out;
}

export function timingRegressions(id: string, label: string, a: CellRecord, b: CellRecord): TimingChange[] {
  if ((a.repeats?.length ?? 0) < MIN_REPEATS || (b.repeats?.length ?? 0) < MIN_REPEATS) return [];
  if (a.outcome !== b.outcome) return [];
  const before = series(a);
  const after = series(b);
  const changes: TimingChange[] = [];
  for (const [metric, xs] of before) {
    const ys = after.get(metric) ?? [];
    if (xs.every((x) => x === 0) || ys.length === 0) continue;
    const bandMs = noiseBand(xs, ys);
    const [beforeMs, afterMs] = [median(xs), median(ys)];
    if (afterMs - beforeMs > bandMs) changes.push({ id, label, metric, beforeMs, afterMs, bandMs: Math.round(bandMs) });
  }
  return changes;
}
