// Turns a scenario into vitest tests: one per (kernel, CRIU version), run concurrently, each a real cell.
import { BAD_OUTCOMES, cellLabel, type CellRecord } from "../results/outcome.js";
import { withCellSlot, withNamedLocks } from "./cell-slots.js";
import type { Scenario } from "./define-scenario.js";
import { runCell } from "./run-cell.js";
import type { KernelPlan, RunPlan, VersionPlan } from "./run-plan.js";

declare module "vitest" {
  export interface ProvidedContext {
    criuLab: RunPlan;
  }
  export interface TaskMeta {
    cell?: CellRecord;
  }
}

const CELL_TIMEOUT_MS = 10 * 60_000;

function failureText(cell: CellRecord): string {
  const last = cell.steps.at(-1);
  const tail = last?.logTail?.length ? `\n--- ${last.name} log tail ---\n${last.logTail.slice(-20).join("\n")}` : "";
  const argv = last?.argv ? `\n$ ${last.argv.join(" ")} (exit ${last.exitCode})` : "";
  return `${cell.outcome}: ${cellLabel(cell)} (kernel ${cell.kernel}): ${cell.reason}${argv}${tail}`;
}

/**
 * Registers the scenario's matrix when loaded by vitest; a no-op when imported elsewhere (the CLI
 * imports scenario files to validate them, and importing vitest outside its runner throws).
 */
export async function testScenario(scenario: Scenario): Promise<void> {
  if (!process.env.VITEST) return;
  const { describe, inject, test } = await import("vitest");
  const plan = inject("criuLab");
  // A cross-version scenario has a cell per ordered pair of versions: dump with one, restore with the other.
  const pairs: [string, VersionPlan, VersionPlan | undefined][] = scenario.crossVersion
    ? plan.versions.flatMap((a) => plan.versions.filter((b) => b !== a).map((b): [string, VersionPlan, VersionPlan] => [`criu ${a.version} -> ${b.version}`, a, b]))
    : plan.versions.map((v) => [`criu ${v.version}`, v, undefined]);
  // Every pair on every kernel; the host kernel keeps the plain name.
  const cells = plan.kernels.flatMap((k) => pairs.map(([name, v, r]): [string, KernelPlan, VersionPlan, VersionPlan | undefined] => [k.name === "host" ? name : `${name} on ${k.name}`, k, v, r]));
  describe.concurrent(scenario.name, () => {
    for (const [name, kernel, version, restoreSide] of cells) {
      test(name, { timeout: CELL_TIMEOUT_MS }, async (ctx) => {
        // A VM runs one cell at a time (its cells share one pid space); take its lock before a slot.
        const vms = kernel.executor === "vm" ? [version, restoreSide].filter((x) => x !== undefined).map((x) => `vm-${kernel.name}-${x.version}`) : [];
        const cell = await withNamedLocks(plan.runId, vms, () => withCellSlot(plan.runId, plan.parallel, () => runCell(scenario, plan, kernel, version, restoreSide)));
        ctx.task.meta.cell = cell;
        if (cell.outcome === "unsupported") ctx.skip(`unsupported: ${cell.reason}`);
        if (BAD_OUTCOMES.includes(cell.outcome)) throw new Error(failureText(cell));
      });
    }
  });
}
