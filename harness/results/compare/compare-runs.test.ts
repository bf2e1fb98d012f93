import { describe, expect, test } from "vitest";
import type { CellRecord, Outcome } from "../outcome.js";
import { compareRuns, firstError, hasRegression } from "./compare-runs.js";
import { noiseBand } from "./timing.js";

function cell(scenario: string, outcome: Outcome, error?: string, repeats?: number[]): CellRecord {
  return {
    scenario, criuVersion: "4.1.1", kernelName: "host", kernel: "6.18", executor: "container", outcome,
    reason: error ? `restore: ${error}` : "ok",
    expectation: { outcome: "pass", range: "*" },
    steps: error ? [{ name: "restore", exitCode: 1, ms: 1, error: `restore exited 1: ${error}`, errors: [error] }] : [],
    ms: 100, startedAt: "",
    ...(repeats ? { repeats: repeats.map((ms) => ({ outcome, reason: "", ms, steps: [{ name: "dump", ms: ms / 2 }] })) } : {}),
  };
}

const compare = (before: CellRecord[], after: CellRecord[]) => compareRuns({ baseline: "A", current: "B", before, after });

describe("compare", () => {
  test("sorts every change into its kind", () => {
    const c = compare(
      [cell("reg", "pass"), cell("reg2", "xfail", "E1"), cell("fix", "fail", "E"), cell("fix2", "xfail", "E"), cell("gone", "pass"), cell("same", "pass"), cell("err", "xfail", "Error (x.c:1): pid 123 gone"), cell("other", "pass")],
      [cell("reg", "fail", "boom"), cell("reg2", "harness-error"), cell("fix", "pass"), cell("fix2", "xpass"), cell("new", "pass"), cell("same", "pass"), cell("err", "xfail", "Error (x.c:1): Can't bind"), cell("other", "unsupported")],
    );
    expect(c.regressions.map((x) => `${x.id} ${x.before}->${x.after}`)).toEqual(["reg@4.1.1 pass->fail", "reg2@4.1.1 xfail->harness-error"]);
    expect(c.fixes.map((x) => x.id)).toEqual(["fix@4.1.1", "fix2@4.1.1"]);
    expect(c.drift.map((x) => x.id)).toEqual(["fix2@4.1.1"]);
    expect(c.added.map((x) => x.id)).toEqual(["new@4.1.1"]);
    expect(c.gone.map((x) => x.id)).toEqual(["gone@4.1.1"]);
    expect(c.changedFailures.map((x) => [x.errorBefore, x.errorAfter])).toEqual([["Error (x.c:N): pid N gone", "Error (x.c:N): Can't bind"]]);
    expect(c.otherChanges.map((x) => `${x.before}->${x.after}`)).toEqual(["pass->unsupported"]);
    expect(c.unchanged).toBe(1);
    expect(hasRegression(c)).toBe(true);
  });

  test("a run compared with itself has no regression", () => {
    const run = [cell("a", "pass"), cell("b", "xfail", "E"), cell("c", "unsupported")];
    const c = compare(run, run);
    expect(hasRegression(c)).toBe(false);
    expect(c.unchanged).toBe(3);
  });

  test("the first CRIU error line ignores numbers that differ every run (pids, inodes, ids)", () => {
    expect(firstError(cell("x", "xfail", "Can't bind id 0x6 ino 4713547 addr /tmp/.X11-unix/X0"))).toBe(firstError(cell("x", "xfail", "Can't bind id 0x7 ino 99 addr /tmp/.X11-unix/X0")));
  });

  test("timing is judged only with repeats on both sides, and only beyond the noise band", () => {
    const quiet = [1000, 1010, 990, 1005, 995];
    expect(compare([cell("t", "pass", undefined, quiet)], [cell("t", "pass", undefined, quiet.map((x) => x + 60))]).slower).toEqual([]);
    const slower = compare([cell("t", "pass", undefined, quiet)], [cell("t", "pass", undefined, quiet.map((x) => x * 2))]).slower;
    expect(slower.map((s) => s.metric)).toEqual(["cell", "dump"]);
    expect(compare([cell("t", "pass")], [cell("t", "pass", undefined, quiet.map((x) => x * 2))]).slower).toEqual([]);
    const noisy = [600, 1400, 1000, 700, 1300];
    expect(compare([cell("t", "pass", undefined, noisy)], [cell("t", "pass", undefined, noisy.map((x) => x * 1.3))]).slower).toEqual([]);
    expect(noiseBand(quiet, quiet)).toBeCloseTo(3 * 5 + 100 + 20);
  });
});
