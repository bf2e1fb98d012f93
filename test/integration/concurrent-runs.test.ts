// Two `criu-lab matrix` runs at once on one host: both finish with a lone run's results, cell for
// cell (outcome and first reason line). The two share one fresh cache root, so they also compile the
// same programs into the same empty cache at the same moment, and share the host's cell slots. The
// test holds the slots' gate until both runs wait at it: they compete for the slots for certain (a
// 4-cell run could end before the other's start-up was done, and the test proved nothing).
import { availableParallelism } from "node:os";
import { mkdir, mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { expect, test } from "vitest";
import { lockFile } from "../../harness/platform/file-lock.js";
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

function parentOf(pid: number): Promise<number> {
  return readFile(`/proc/${pid}/status`, "utf8").then((t) => Number(/^PPid:\s+(\d+)/m.exec(t)?.[1] ?? 0), () => 0);
}

/** Which of `runs` (CLI pids) have a process blocked on the flock of `file` (/proc/locks "->" lines, indented by queue depth). */
async function runsWaitingOn(file: string, runs: readonly number[]): Promise<Set<number>> {
  const { ino } = await stat(file);
  const waiting = new Set<number>();
  for (const line of (await readFile("/proc/locks", "utf8")).split("\n")) {
    const m = /^\d+:\s+->\s+FLOCK\s+\S+\s+\S+\s+(\d+)\s+[0-9a-f]+:[0-9a-f]+:(\d+)\s/.exec(line);
    if (!m || Number(m[2]) !== ino) continue;
    for (let pid = Number(m[1]); pid > 1; pid = await parentOf(pid)) {
      if (runs.includes(pid)) waiting.add(pid);
    }
  }
  return waiting;
}

test("two matrix runs at once on one host both give a lone run's results", async () => {
  const root = await mkdtemp(join(tmpdir(), "criu-lab-concurrent-"));
  const lone = await criuLab([...MATRIX, "--results", join(root, "lone")]);
  expect(lone.exitCode, lone.all).toBe(0);
  const expected = outcomes((await readSummary(join(root, "lone"))).cells);
  expect(Object.keys(expected)).toHaveLength(4);

  const shared = { CRIU_LAB_CACHE: join(root, "cache") };
  const slots = join(shared.CRIU_LAB_CACHE, "locks", "cell-slots");
  await mkdir(slots, { recursive: true });
  const gate = await lockFile(join(slots, "gate"));
  const runs = ["a", "b"].map((n) => criuLab([...MATRIX, "--results", join(root, n)], shared));
  const pids = runs.map((r) => r.pid!);
  let waiting = new Set<number>();
  for (let i = 0; i < 1200 && waiting.size < 2; i++) {
    await sleep(100);
    waiting = await runsWaitingOn(join(slots, "gate"), pids);
  }
  await gate.release();
  expect(waiting.size, "both runs waited for a cell slot at the same moment").toBe(2);
  const [a, b] = await Promise.all(runs);
  expect(a!.exitCode, a!.all).toBe(0);
  expect(b!.exitCode, b!.all).toBe(0);
  const [ra, rb] = await Promise.all([readSummary(join(root, "a")), readSummary(join(root, "b"))]);
  expect(outcomes(ra.cells)).toEqual(expected);
  expect(outcomes(rb.cells)).toEqual(expected);

  // Competing for them, the host-wide slots kept the two runs' cells to one per core in all.
  expect(mostAtOnce([...ra.cells, ...rb.cells])).toBeLessThanOrEqual(availableParallelism());
});
