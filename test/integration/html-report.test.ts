// results/<run>/index.html of a real small run, opened from disk in Debian's chromium (headless,
// driven by playwright-core): the grid holds every record with its outcome, a failing cell opens to
// its CRIU error line, and every chart draws. The screenshot is kept next to the report.
import { existsSync, statSync } from "node:fs";
import { mkdtemp, readFile, realpath, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cellId, type CellRecord } from "../../harness/results/outcome.js";
import { launchChromium, type HeadlessChromium } from "../support/chromium.js";
import { criuLab, labelledContainers, readSummary, type Summary } from "../support/cli.js";

const FIXTURE = "html-report-fixture";
const harness = (f: string) => JSON.stringify(fileURLToPath(new URL(`../../harness/scenario/${f}`, import.meta.url)));

/**
 * A restore CRIU refuses with an Error line: the dump leaves the process running, so its pid is
 * taken. Expected to pass on 4.1.1 (so a fail), xfail from 4.2 (so both colours show).
 */
const fixtureScenario = `import { defineScenario } from ${harness("define-scenario.ts")};
import { testScenario } from ${harness("vitest-matrix.ts")};
export const scenario = defineScenario({
  name: "${FIXTURE}", summary: "a restore over a live process", program: "sched_reset_on_fork",
  steps: ["start", "dump", "restore"], dumpArgs: ["--leave-running"],
  expectations: [{ criu: ">=4.2.0", outcome: "xfail", match: /File exists/, ref: "criu-lab test fixture: the dumped process still runs" }],
});
await testScenario(scenario);
`;

/** The little of the DOM the pixel count needs (this project's TypeScript has no DOM library). */
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: "2d"): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}

/** Pixels in a canvas that are neither grey nor transparent: bars, not axes or text. */
function colouredPixels(page: Page, chart: string): Promise<number> {
  return page.evaluate((id) => {
    const dom = globalThis as unknown as { document: { querySelector(selector: string): CanvasLike | null } };
    const canvas = dom.document.querySelector(`[data-chart="${id}"] canvas`);
    const context = canvas?.getContext("2d");
    if (!canvas || !context) return -1;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
      if (a > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 60) n++;
    }
    return n;
  }, chart);
}

describe("index.html of a real run, in chromium", () => {
  let runDir: string;
  let summary: Summary;
  let run: Awaited<ReturnType<typeof criuLab>>;
  let chromium: HeadlessChromium;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const scenarios = await mkdtemp(join(tmpdir(), "criu-lab-html-scenarios-"));
    await writeFile(join(scenarios, "package.json"), '{ "type": "module" }\n');
    await writeFile(join(scenarios, `${FIXTURE}.scenario.ts`), fixtureScenario);
    const perf = fileURLToPath(new URL("../../scenarios/dirty-memory-64m.scenario.ts", import.meta.url));
    await writeFile(join(scenarios, "dirty-memory-64m.scenario.ts"), `export { scenario } from ${JSON.stringify(perf)};\n`);
    const root = await mkdtemp(join(tmpdir(), "criu-lab-html-"));
    run = await criuLab(["matrix", "--versions", "3.17.1,4.1.1,4.2.1", "--scenarios", `${FIXTURE},dirty-memory-64m`, "--results", root], { CRIU_LAB_SCENARIOS_DIR: scenarios });
    runDir = await realpath(join(root, "latest"));
    summary = await readSummary(root);
    chromium = await launchChromium();
    page = await chromium.context.newPage();
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    page.on("requestfailed", (r) => pageErrors.push(`request failed: ${r.url()}`));
    await page.setViewportSize({ width: 1300, height: 900 });
    await page.goto(`file://${join(runDir, "index.html")}`);
  });

  afterAll(async () => {
    await chromium?.[Symbol.asyncDispose]();
  });

  test("the run is what the test needs: a fail, an xfail and measured passes", () => {
    expect(run.exitCode, run.all).toBe(1);
    const outcomes = summary.cells.map((c) => `${c.scenario}@${c.criuVersion}:${c.outcome}`).sort();
    expect(outcomes.filter((o) => !o.includes("@3.17.1"))).toEqual([
      "dirty-memory-64m@4.1.1:pass", "dirty-memory-64m@4.2.1:pass", `${FIXTURE}@4.1.1:fail`, `${FIXTURE}@4.2.1:xfail`,
    ]);
  });

  test("the grid has one cell per record, with the record's outcome", async () => {
    expect(await page.locator("a.cell").count()).toBe(summary.cells.length);
    for (const c of summary.cells) {
      const cell = page.locator(`a.cell[data-cell="${cellId(c)}"]`);
      await expect.poll(() => cell.getAttribute("data-outcome")).toBe(c.outcome);
      expect(await cell.textContent()).toBe(c.outcome);
      expect(await cell.getAttribute("class")).toContain(`o-${c.outcome}`);
    }
  });

  test("opening the failing cell shows its CRIU error line", async () => {
    const failed = JSON.parse(await readFile(join(runDir, "cells", `${FIXTURE}@4.1.1.json`), "utf8")) as CellRecord;
    const errorLine = failed.steps.find((s) => s.name === "restore")?.errors?.[0];
    expect(errorLine).toMatch(/Error \(.*File exists/);
    const detail = page.locator(`section[id="cell-${cellId(failed)}"]`);
    expect(await detail.isVisible()).toBe(false);
    await page.locator(`a.cell[data-cell="${cellId(failed)}"]`).click();
    await expect.poll(() => detail.isVisible()).toBe(true);
    const shown = detail.locator("pre.criu-errors");
    expect(await shown.isVisible()).toBe(true);
    expect(await shown.textContent()).toContain(errorLine);
  });

  test("every chart draws something", async () => {
    const charts = await page.locator("[data-chart]").evaluateAll((els) => els.map((e) => e.getAttribute("data-chart")!));
    expect(charts).toEqual(["dirty-memory-64m-dump-ms", "dirty-memory-64m-restore-ms", "dirty-memory-64m-pages", "dirty-memory-64m-images-mib"]);
    for (const chart of charts) expect(await colouredPixels(page, chart), chart).toBeGreaterThan(500);
  });

  test("the page loads nothing and throws nothing; its screenshot is kept next to it", async () => {
    expect(pageErrors).toEqual([]);
    const shot = join(runDir, "report.png");
    await page.screenshot({ path: shot, fullPage: true });
    expect(existsSync(shot) && statSync(shot).size).toBeGreaterThan(10_000);
  });

  test("leaves no container of this run behind", async () => {
    expect(await labelledContainers(`label=criu-lab.run=${summary.runId}`)).toEqual([]);
  });
});
