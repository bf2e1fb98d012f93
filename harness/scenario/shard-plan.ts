// Splits a matrix's cells (not its files) into n shards: deterministic, balanced by the cells'
// durations in an earlier run where given, by count otherwise (longest first onto the lightest shard).
import type { PlannedCell } from "./matrix-cells.js";
import type { Shard } from "./run-options.js";

/** cell id -> milliseconds, from an earlier run's summary. */
export type Durations = ReadonlyMap<string, number>;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 1;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Each cell's weight: its earlier duration; a cell the earlier run lacked weighs its median. */
export function cellWeights(cells: readonly PlannedCell[], durations?: Durations): Map<string, number> {
  if (!durations || durations.size === 0) return new Map(cells.map((c) => [c.id, 1]));
  const known = cells.map((c) => durations.get(c.id)).filter((ms): ms is number => ms !== undefined);
  const fallback = median(known);
  return new Map(cells.map((c) => [c.id, durations.get(c.id) ?? fallback]));
}

/** Every cell's shard (1-based): longest-processing-time first, ties broken by cell id. */
export function assignShards(cells: readonly PlannedCell[], count: number, durations?: Durations): Map<string, number> {
  const weights = cellWeights(cells, durations);
  const order = [...cells].sort((a, b) => weights.get(b.id)! - weights.get(a.id)! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const load = Array.from({ length: count }, () => 0);
  const assigned = new Map<string, number>();
  for (const cell of order) {
    const lightest = load.indexOf(Math.min(...load));
    load[lightest]! += weights.get(cell.id)!;
    assigned.set(cell.id, lightest + 1);
  }
  return assigned;
}

/** The cells of one shard, in the matrix's order. */
export function shardCells(cells: readonly PlannedCell[], shard: Shard, durations?: Durations): PlannedCell[] {
  const assigned = assignShards(cells, shard.count, durations);
  return cells.filter((c) => assigned.get(c.id) === shard.index);
}
