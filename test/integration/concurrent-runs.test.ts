// Two `criu-lab matrix` runs at once on one host: both finish with a lone run's results, cell for
// cell (outcome and first reason line). The two share one fresh cache root, so they also compile the
// same programs into the same empty cache at the same moment, and share the host's cell slots.
import { availableParallelism } from "node:os";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import type { CellRecord } from "../../harness/results/outcome.js";
import { criuLab, readSummary } from "../support/cli.js";

const MATRIX = ["matrix", "--scenarios", "sched-reset-on-fork,epoll-inotify", "--versions", "4.1.1,4.2.1"];

/** What must not depend on who else runs: each cell's outcome and the first line of its reason. */
function outcomes(cells: readonly CellRecord[]): Record<string, string> {
  return Object.fromEntries(cells.map((c) => [`${c.scenario}@${c.criuVersion}`, `${c.outcome}: ${c.reason.split("\n")[0]}`]));
}

/** The most cells that ran at one moment, from each cell's start and duration. */
function mostAtOnce(cells: readonly CellRecord[]): number {
  const edges = cells.flatMap((c) => {
    const start = Date.parse(c.startedAt);
    return [{ t: start, d: 1 }, { t: start + c.ms, d: -1 }];
  }).sort((a, b) => a.t - b.t || a.d - b.d);
  let now = 0;
  let most = 0;
  for (const e of edges) most = Math.max(most, (now += e.d));
  return most;
}

test("two matrix runs at once on one host both give a lone run's results", async () => {
  const root = await mkdtemp(join(tmpdir(), "criu-lab-concurrent-"));
  const lone = await criuLab([...MATRIX, "--results", join(root, "lone")]);
  expect(lone.exitCode, lone.all).toBe(0);
  const expected = outcomes((await readSummary(join(root, "lone"))).cells);
  expect(Object.keys(expected)).toHaveLength(4);

  const shared = { CRIU_LAB_CACHE: join(root, "cache") };
  const [a, b] = await Promise.all(["a", "b"].map((n) => criuLab([...MATRIX, "--results", join(root, n)], shared)));
  expect(a!.exitCode, a!.all).toBe(0);
  expect(b!.exitCode, b!.all).toBe(0);
  const [ra, rb] = await Promise.all([readSummary(join(root, "a")), readSummary(join(root, "b"))]);
  expect(outcomes(ra.cells)).toEqual(expected);
  expect(outcomes(rb.cells)).toEqual(expected);

  // They did run side by side, and the host-wide slots kept the two runs' cells to one per core in all.
  const both = [...ra.cells, ...rb.cells];
  const firstEnd = Math.min(...[ra, rb].map((r) => Math.max(...r.cells.map((c) => Date.parse(c.startedAt) + c.ms))));
  const lastStart = Math.max(...[ra, rb].map((r) => Math.min(...r.cells.map((c) => Date.parse(c.startedAt)))));
  expect(lastStart, "the second run started its first cell after the first run had finished").toBeLessThan(firstEnd);
  expect(mostAtOnce(both)).toBeLessThanOrEqual(availableParallelism());
});
