// Turns a scenario into vitest tests: one per planned cell (kernel, CRIU version), run concurrently,
// each a real cell; a shard registers only its own cells.
import { BAD_OUTCOMES, cellLabel, type CellRecord } from "../results/outcome.js";
import { vmLockNames, withCellSlot, withNamedLocks } from "./cell-slots.js";
import type { Scenario } from "./define-scenario.js";
import { scenarioCells, type PlannedCell } from "./matrix-cells.js";
import { runRepeated } from "./repeat-cell.js";
import type { RunPlan } from "./run-plan.js";

declare module "vitest" {
  export interface ProvidedContext {
    criuLab: RunPlan;
  }
  export interface TaskMeta {
    cell?: CellRecord;
  }
}

/**
 * A cell's test also waits for a slot (and a VM) before it runs, so this bounds the wait too; the
 * cell's own steps are bounded by their own time limits.
 */
const CELL_TIMEOUT_MS = 60 * 60_000;

function failureText(cell: CellRecord): string {
  const last = cell.steps.at(-1);
  const tail = last?.logTail?.length ? `\n--- ${last.name} log tail ---\n${last.logTail.slice(-20).join("\n")}` : "";
  const argv = last?.argv ? `\n$ ${last.argv.join(" ")} (exit ${last.exitCode})` : "";
  return `${cell.outcome}: ${cellLabel(cell)} (kernel ${cell.kernel}): ${cell.reason}${argv}${tail}`;
}

/** The test's name: "criu 4.1.1", "criu 4.2.1 -> 4.1.1", "... on debian:6.1" (host keeps the plain name). */
export function testName(c: PlannedCell): string {
  const versions = c.restoreVersion ? `${c.version} -> ${c.restoreVersion}` : c.version;
  return c.kernel === "host" ? `criu ${versions}` : `criu ${versions} on ${c.kernel}`;
}

/**
 * Registers the scenario's cells when loaded by vitest; a no-op when imported elsewhere (the CLI
 * imports scenario files to validate them, and importing vitest outside its runner throws).
 */
export async function testScenario(scenario: Scenario): Promise<void> {
  if (!process.env.VITEST) return;
  const { describe, inject, test } = await import("vitest");
  const plan = inject("criuLab");
  const selected = plan.cells ? new Set(plan.cells) : undefined;
  const axes = { versions: plan.versions.map((v) => v.version), kernels: plan.kernels.map((k) => k.name) };
  const cells = scenarioCells(scenario, axes).filter((c) => !selected || selected.has(c.id));
  const version = (name: string) => plan.versions.find((v) => v.version === name)!;
  describe.concurrent(scenario.name, () => {
    for (const c of cells) {
      test(testName(c), { timeout: CELL_TIMEOUT_MS * plan.repeat }, async (ctx) => {
        const kernel = plan.kernels.find((k) => k.name === c.kernel)!;
        // A VM runs one cell at a time: take its lock before a slot.
        const vms = vmLockNames(kernel, [c.version, c.restoreVersion]);
        const target = { scenario, plan, kernel, version: version(c.version), ...(c.restoreVersion ? { restoreSide: version(c.restoreVersion) } : {}) };
        const cell = await withNamedLocks(plan.runId, vms, () => withCellSlot(plan.parallel, () => runRepeated(target, plan.repeat)));
        ctx.task.meta.cell = cell;
        if (cell.outcome === "unsupported") ctx.skip(`unsupported: ${cell.reason}`);
        if (BAD_OUTCOMES.includes(cell.outcome)) throw new Error(failureText(cell));
      });
    }
  });
}
