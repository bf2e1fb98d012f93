// criu-lab as a CI gate, for real: one matrix run whole and as 2 shards that merge into the same
// cells; a run made to regress exits 1, and compare names the regression; a run compared with
// itself exits 0.
import { mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
import type { CellRecord } from "../../harness/results/outcome.js";
import { criuLab, readSummary, type Summary } from "../support/cli.js";

const MATRIX = ["--versions", "3.17.1,4.1.1,4.2.1", "--scenarios", "sched-reset-on-fork,file-locks,rlimits-umask-cwd"];
const PROJECT = fileURLToPath(new URL("../../", import.meta.url));

/** Outcome and the first line of the reason: what "the same result" means cell for cell. */
function results(s: Summary): Record<string, string> {
  return Object.fromEntries(s.cells.map((c) => [`${c.scenario}@${c.criuVersion}${c.restoreVersion ? `->${c.restoreVersion}` : ""}`, `${c.outcome}: ${c.reason.split("\n")[0]}`]));
}

/** A scenarios dir of one scenario, sched-reset-on-fork, whose 4.x cells are now expected to fail. */
async function regressedScenarios(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "criu-lab-regress-"));
  const text = (await readFile(join(PROJECT, "scenarios", "sched-reset-on-fork.scenario.ts"), "utf8"))
    .replaceAll('"../harness/', `"${PROJECT}harness/`)
    .replace('{ criu: ">=4.0.0", outcome: "pass" },', '{ criu: ">=4.0.0", outcome: "xfail", match: /never seen/, ref: "test: an expectation changed" },');
  expect(text).toContain("test: an expectation changed");
  await writeFile(join(dir, "package.json"), '{ "type": "module" }\n');
  await writeFile(join(dir, "sched-reset-on-fork.scenario.ts"), text);
  return dir;
}

describe("matrix, shards, merge and compare on 3 scenarios x 3 versions", () => {
  const roots: Record<"whole" | "shard1" | "shard2" | "merged" | "regressed", string> = { whole: "", shard1: "", shard2: "", merged: "", regressed: "" };
  const runs: Record<string, Awaited<ReturnType<typeof criuLab>>> = {};
  let whole: Summary;

  beforeAll(async () => {
    for (const k of Object.keys(roots) as (keyof typeof roots)[]) roots[k] = await mkdtemp(join(tmpdir(), `criu-lab-gate-${k}-`));
    runs.whole = await criuLab(["matrix", ...MATRIX, "--results", roots.whole]);
    runs.shard1 = await criuLab(["matrix", ...MATRIX, "--shard", "1/2", "--results", roots.shard1]);
    runs.shard2 = await criuLab(["matrix", ...MATRIX, "--shard", "2/2", "--results", roots.shard2]);
    whole = await readSummary(roots.whole);
  });

  test("the whole run is as expected and exits 0", () => {
    expect(runs.whole!.exitCode, runs.whole!.all).toBe(0);
    expect(whole.cells).toHaveLength(9);
    expect(runs.whole!.all).toMatch(/\[9\/9, ETA 0 s\]/);
  });

  test("the shards' cells are disjoint and together complete, and each shard holds every scenario", async () => {
    const [one, two] = [await readSummary(roots.shard1), await readSummary(roots.shard2)];
    const ids = (s: Summary) => Object.keys(results(s));
    expect(ids(one).filter((id) => ids(two).includes(id))).toEqual([]);
    expect([...ids(one), ...ids(two)].sort()).toEqual(ids(whole).sort());
    expect(Math.abs(one.cells.length - two.cells.length)).toBeLessThanOrEqual(1);
    expect(new Set(one.cells.map((c) => c.scenario)).size).toBe(3);
    expect(runs.shard1!.all).toMatch(/\d cells, shard 1\/2/);
  });

  test("merge makes the same run as the whole one, cell for cell", async () => {
    runs.merged = await criuLab(["merge", join(roots.shard1, "latest"), join(roots.shard2, "latest"), "--results", roots.merged]);
    expect(runs.merged.exitCode, runs.merged.all).toBe(0);
    const merged = await readSummary(roots.merged);
    expect(results(merged)).toEqual(results(whole));
    expect(merged.complete).toBe(true);
    const cellFiles = await readdir(join(roots.merged, "latest", "cells"));
    expect(cellFiles.filter((f) => f.endsWith(".json"))).toHaveLength(9);
    const full = JSON.parse(await readFile(join(roots.merged, "latest", "cells", "sched-reset-on-fork@4.1.1.json"), "utf8")) as CellRecord;
    const redump = full.steps.find((s) => s.name === "re-dump");
    expect(await readFile(join(roots.merged, "latest", redump!.logFile!), "utf8"), "the CRIU logs came along").toMatch(/Dumping finished successfully/);
    const md = await readFile(join(roots.merged, "latest", "summary.md"), "utf8");
    expect(md).toContain("| sched-reset-on-fork |");
    expect(await readFile(join(roots.merged, "latest", "junit.xml"), "utf8")).toContain('tests="9"');
    expect(await readFile(join(roots.merged, "latest", "index.html"), "utf8")).toContain("9 cells");
  });

  test("merge refuses a missing shard in one line", async () => {
    const r = await criuLab(["merge", join(roots.shard1, "latest"), "--results", roots.merged]);
    expect(r.exitCode).toBe(2);
    expect(r.all.trim().split("\n")).toEqual(["criu-lab: shard 2/2 is missing (give all 2 shard directories)"]);
  });

  test("a passing cell made to fail (a changed expectation) makes matrix exit 1", async () => {
    runs.regressed = await criuLab(["matrix", "--versions", "3.17.1,4.1.1,4.2.1", "--results", roots.regressed], { CRIU_LAB_SCENARIOS_DIR: await regressedScenarios() });
    expect(runs.regressed.exitCode, runs.regressed.all).toBe(1);
    const outcomes = (await readSummary(roots.regressed)).cells.map((c) => `${c.criuVersion} ${c.outcome}`).sort();
    expect(outcomes.filter((o) => !o.startsWith("3.17.1"))).toEqual(["4.1.1 xpass", "4.2.1 xpass"]);
  });

  test("compare lists the regression and exits 1; a run compared with itself exits 0", async () => {
    const out = await mkdtemp(join(tmpdir(), "criu-lab-compare-"));
    const r = await criuLab(["compare", join(roots.whole, "latest"), join(roots.regressed, "latest", "summary.json"), "--out", out]);
    expect(r.exitCode, r.all).toBe(1);
    const json = JSON.parse(await readFile(join(out, "compare.json"), "utf8")) as { regressions: { id: string; before: string; after: string }[]; gone: unknown[]; drift: unknown[] };
    expect(json.regressions.map((x) => `${x.id} ${x.before}->${x.after}`)).toEqual(["sched-reset-on-fork@4.1.1 pass->xpass", "sched-reset-on-fork@4.2.1 pass->xpass"]);
    expect(json.drift).toHaveLength(2);
    expect(json.gone).toHaveLength(6);
    expect(await readFile(join(out, "compare.md"), "utf8")).toMatch(/## Regressions \(2\)/);
    const page = await readFile(join(out, "compare.html"), "utf8");
    expect(page).toMatch(/<h2 id="regressions">Regressions \(2\)<\/h2>/);
    expect(page).toContain("sched-reset-on-fork @ 4.1.1 on host");
    const same = await criuLab(["compare", join(roots.whole, "latest"), join(roots.whole, "latest"), "--out", out]);
    expect(same.exitCode, same.all).toBe(0);
    expect(same.all).toContain("No regression.");
  });

  test("matrix --baseline compares at the end and exits 1 on the regression", async () => {
    const r = await criuLab(["matrix", "--versions", "4.1.1", "--baseline", join(roots.whole, "latest"), "--results", roots.regressed], { CRIU_LAB_SCENARIOS_DIR: await regressedScenarios() });
    expect(r.exitCode, r.all).toBe(1);
    expect(r.all).toMatch(/\| sched-reset-on-fork @ 4\.1\.1 on host \| pass \| xpass \|/);
    expect(await readFile(join(roots.regressed, "latest", "compare.md"), "utf8")).toMatch(/## Regressions \(1\)/);
  });
});
