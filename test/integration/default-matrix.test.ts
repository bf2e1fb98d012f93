// The whole default matrix, for real: every scenario on every CRIU version this host can offer.
// It pins what this machine must show: every cell as its scenario expects, so the run exits 0.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
import type { CellRecord } from "../../harness/results/outcome.js";
import { criuLab, kernelAtLeast, labelledContainers, readSummary, type Summary } from "../support/cli.js";

const scenariosDir = fileURLToPath(new URL("../../scenarios/", import.meta.url));
const scenarioFiles = readdirSync(scenariosDir).filter((f) => f.endsWith(".scenario.ts"));
/** Scenarios that run only when named (`inDefaultMatrix: false`: the performance scenarios). */
const namedOnly = scenarioFiles.filter((f) => /inDefaultMatrix:\s*false/.test(readFileSync(join(scenariosDir, f), "utf8"))).map((f) => f.replace(".scenario.ts", ""));
const scenarioNames = scenarioFiles.map((f) => f.replace(".scenario.ts", "")).filter((n) => !namedOnly.includes(n));

describe("criu-lab matrix (default: every scenario x every version)", () => {
  let root: string;
  let run: Awaited<ReturnType<typeof criuLab>>;
  let summary: Summary;
  const cell = (scenario: string, v: string): CellRecord | undefined =>
    summary.cells.find((c) => c.scenario === scenario && c.criuVersion === v && !c.restoreVersion);
  /** The whole record (argv, errors, log tails): summary.json keeps only name, exit code and time per step. */
  const fullCell = async (scenario: string, v: string): Promise<CellRecord> =>
    JSON.parse(await readFile(join(root, "latest", "cells", `${scenario}@${v}.json`), "utf8")) as CellRecord;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "criu-lab-full-"));
    run = await criuLab(["matrix", "--results", root]);
    expect(existsSync(join(root, "latest", "summary.json")), run.all).toBe(true);
    summary = await readSummary(root);
  });

  test("has a cell for every scenario and version, and both directions of every cross-version pair", () => {
    expect(scenarioNames.length).toBeGreaterThanOrEqual(18);
    const versions = [...new Set(summary.cells.map((c) => c.criuVersion))].sort();
    expect(versions).toEqual(["3.17.1", "4.1.1", "4.2.1"]);
    for (const s of scenarioNames.filter((n) => n !== "cross-version-restore")) {
      for (const v of versions) expect(cell(s, v), `${s}@${v}`).toBeDefined();
    }
    expect(summary.cells.filter((c) => c.restoreVersion)).toHaveLength(versions.length * (versions.length - 1));
    expect(namedOnly.length).toBeGreaterThanOrEqual(3);
    expect(summary.cells.filter((c) => namedOnly.includes(c.scenario))).toEqual([]);
    expect(summary.complete).toBe(true);
  });

  test("every cell is as expected (no fail, xpass, build-error or harness-error), so the run exits 0", () => {
    const notExpected = summary.cells
      .filter((c) => ["fail", "xpass", "build-error", "harness-error"].includes(c.outcome))
      .map((c) => `${c.scenario}@${c.criuVersion}${c.restoreVersion ? `->${c.restoreVersion}` : ""}: ${c.outcome}: ${c.reason}`);
    expect(notExpected).toEqual([]);
    expect(run.exitCode, run.all).toBe(0);
  });

  test("the known failure with no upstream issue is an xfail that says so", async () => {
    for (const v of ["4.1.1", "4.2.1"]) {
      const c = await fullCell("memfd-sealed-execveat", v);
      expect(c.outcome, c.reason).toBe("xfail");
      expect(c.expectation.known).toMatch(/exe is a memfd/);
      expect(c.expectation.ref).toBeUndefined();
    }
    const md = await readFile(join(root, "latest", "summary.md"), "utf8");
    expect(md).toContain("## Known failures with no upstream issue");
    expect(md).toMatch(/known, no upstream issue: a process whose exe is a memfd/);
    const xml = await readFile(join(root, "latest", "junit.xml"), "utf8");
    expect(xml).toMatch(/xfail: restore: .*No entry for reg-file-ID.*\(known, no upstream issue: /);
  });

  test("on kernel >= 6.13 every CRIU 3.17.1 cell is unsupported, with the vdso reason", () => {
    if (!kernelAtLeast(summary.kernel, 6, 13)) return;
    for (const c of summary.cells.filter((x) => x.criuVersion === "3.17.1" || x.restoreVersion === "3.17.1")) {
      expect(c.outcome, c.scenario).toBe("unsupported");
      expect(c.reason).toMatch(/vDSO/);
    }
  });

  test("seed 000: the criu-ns shell job re-dumps and re-restores on 4.1.1 and 4.2.1", async () => {
    for (const v of ["4.1.1", "4.2.1"]) {
      const c = await fullCell("pts-redump-criu-ns", v);
      expect(c.outcome, c.reason).toBe("pass");
      expect(c.steps.find((s) => s.name === "re-dump")?.argv?.[0]).toBe("criu-ns");
    }
  });

  test("seed 003: the X11 socket restore fails without its directory, passes after the workaround", async () => {
    for (const v of ["4.1.1", "4.2.1"]) {
      const c = await fullCell("x11-socket-dir-missing", v);
      expect(c.outcome, c.reason).toBe("pass");
      expect(c.steps.find((s) => s.name === "restore-without-dir")?.error).toMatch(/X11-unix\/X0: No such file or directory/);
    }
  });

  test("summary.md shows the cross-version table and the seeds' references", async () => {
    const md = await readFile(join(root, "latest", "summary.md"), "utf8");
    expect(md).toContain("### cross-version-restore on host: dump with (row) -> restore with (column)");
    expect(md).toContain("2039d7320");
    expect(md).toContain("75fed59ef");
  });

  test("leaves no criu-lab container behind", async () => {
    expect(await labelledContainers(`label=criu-lab.run=${summary.runId}`)).toEqual([]);
  });
});
