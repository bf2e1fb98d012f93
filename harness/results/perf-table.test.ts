import { describe, expect, test } from "vitest";
import type { CellRecord, RepeatRecord, StepRecord } from "./outcome.js";
import { spreadOf } from "./perf-metrics.js";
import { renderPerfTable } from "./perf-table.js";

/** A run's dump and restore steps with the stats CRIU would write (µs, pages, bytes). */
function runSteps(frozenUs: number, restoreUs: number, pages: number, bytes: number): StepRecord[] {
  return [
    { name: "start", exitCode: 0, ms: 5 },
    { name: "dump", exitCode: 0, ms: 9, stats: { kind: "dump", fields: { frozen_time: frozenUs, pages_written: pages }, imagesBytes: bytes } },
    { name: "restore", exitCode: 0, ms: 9, stats: { kind: "restore", fields: { restore_time: restoreUs, pages_restored: pages } } },
    { name: "re-dump", exitCode: 0, ms: 9, stats: { kind: "dump", fields: { frozen_time: frozenUs * 2, pages_written: pages }, imagesBytes: bytes } },
    { name: "re-restore", exitCode: 0, ms: 9, stats: { kind: "restore", missing: true, why: "CRIU wrote no /work/img/2/stats-restore" } },
  ];
}

function cell(version: string, kernelName: string, runs: StepRecord[][]): CellRecord {
  const repeats: RepeatRecord[] = runs.map((steps) => ({ outcome: "pass", reason: "", ms: 1, steps }));
  return {
    scenario: "dirty-memory-64m", criuVersion: version, kernelName, kernel: "6.18.0", executor: "container",
    outcome: "pass", reason: "", expectation: { outcome: "pass", range: "*" }, steps: runs[0]!, ms: 1, startedAt: "", repeats,
  };
}

const MiB = 2 ** 20;

describe("renderPerfTable", () => {
  test("median and min–max per metric over the repeats, rows by scenario, kernel (host first), version", () => {
    const table = renderPerfTable([
      cell("4.2.1", "host", [runSteps(1000, 3000, 16384, 64 * MiB)]),
      cell("4.1.1", "debian:6.1", [runSteps(5000, 1000, 16384, 64 * MiB)]),
      cell("4.1.1", "host", [
        runSteps(1500, 4000, 16390, 64 * MiB),
        runSteps(1200, 2000, 16390, 64 * MiB),
        runSteps(20_000, 2500, 16390, 64.5 * MiB),
        runSteps(1300, 2600, 16390, 64 * MiB),
        runSteps(1400, 2200, 16390, 64 * MiB),
      ]),
    ]);
    expect(table.split("\n")).toEqual([
      "| scenario | CRIU | kernel | runs | dump time (frozen_time), ms | restore time (restore_time), ms | pages written | images size, MiB |",
      "|---|---|---|---:|---:|---:|---:|---:|",
      "| dirty-memory-64m | 4.1.1 | host | 5 | 1.4 (1.2–20.0) | 2.5 (2.0–4.0) | 16390 (16390–16390) | 64.0 (64.0–64.5) |",
      "| dirty-memory-64m | 4.2.1 | host | 1 | 1.0 | 3.0 | 16384 | 64.0 |",
      "| dirty-memory-64m | 4.1.1 | debian:6.1 | 1 | 5.0 | 1.0 | 16384 | 64.0 |",
      "",
    ]);
  });

  test("cycle 2 reads the re-dump and re-restore; a missing stats file is no sample, never a zero", () => {
    const table = renderPerfTable([cell("4.1.1", "host", [runSteps(1000, 3000, 10, MiB), runSteps(3000, 3000, 10, MiB)])], { cycle: 2 });
    expect(table).toContain("| dirty-memory-64m | 4.1.1 | host | 2 | 4.0 (2.0–6.0) | – | 10 (10–10) | 1.0 (1.0–1.0) |");
  });

  test("without repeats the cell's own steps are the one sample; cells with no stats give no table", () => {
    const single = { ...cell("4.1.1", "host", [runSteps(2500, 500, 7, 3 * MiB)]), repeats: undefined };
    expect(renderPerfTable([single])).toContain("| 1 | 2.5 | 0.5 | 7 | 3.0 |");
    const bare = { ...single, steps: [{ name: "start", exitCode: 0, ms: 1 }] };
    expect(renderPerfTable([bare])).toBe("");
  });

  test("the median of an even count is the mean of the middle two", () => {
    expect(spreadOf([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, n: 4 });
    expect(spreadOf([])).toBeUndefined();
  });
});
