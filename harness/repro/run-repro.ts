// Runs a reproduction: one cell per (kernel, CRIU version) through the same prepareRun and runCell
// as the matrix, then asks each version on each kernel what a report needs (environment.ts).
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { vmSettingsFromEnv } from "../executors/vm/vm-settings.js";
import { InputError } from "../platform/errors.js";
import { writeFileAtomic } from "../platform/atomic-write.js";
import { mapLimited } from "../platform/map-limited.js";
import type { CriuVersion } from "../images/versions.js";
import type { KernelSpec } from "../kernels/kernel-spec.js";
import type { CellRecord } from "../results/outcome.js";
import { RUN_INFO_FILE } from "../results/run-info.js";
import { RunStore } from "../results/run-store.js";
import { vmLockNames, withCellSlot, withNamedLocks } from "../scenario/cell-slots.js";
import type { Scenario } from "../scenario/define-scenario.js";
import { stopVms } from "../scenario/prepare-kernels.js";
import { prepareRun } from "../scenario/prepare-run.js";
import { runCell } from "../scenario/run-cell.js";
import { runInfoOf } from "../scenario/run-info-of.js";
import type { RunPlan } from "../scenario/run-plan.js";
import { collectEnvironments, type Environment } from "./environment.js";

export interface ReproRun {
  plan: RunPlan;
  cells: CellRecord[];
  environments: Environment[];
  store: RunStore;
}

/** A program that compiles in no image is the user's input, not a CRIU result: one line. */
function refuseUncompilable(plan: RunPlan, scenario: Scenario, file: string): void {
  const builds = plan.versions.map((v) => (v.state === "ready" ? v.programs[scenario.program] : undefined)).filter((b) => b !== undefined);
  const errors = builds.flatMap((b) => ("error" in b ? [b.error] : []));
  if (builds.length === 0 || errors.length < builds.length) return;
  const first = errors[0]!.split("\n").find((l) => /error/i.test(l)) ?? errors[0]!.split("\n")[0];
  // The compiler names the copy it was given (/src/<program>.c): name the user's file instead.
  const said = first?.replaceAll(`/src/${scenario.program}.c`, file);
  throw new InputError(`${file} does not compile in any CRIU image: ${said}`, { hint: "a plain C program with a main(); the compiler is each image's gcc" });
}

export interface ReproOptions {
  programsDir: string;
  resultsRoot: string;
  programFile: string;
  /** Cells at once (default: one per core). */
  parallel?: number;
}

export async function runRepro(scenario: Scenario, versions: readonly CriuVersion[], kernels: readonly KernelSpec[], options: ReproOptions): Promise<ReproRun> {
  const startedAt = new Date().toISOString();
  const parallel = options.parallel ?? availableParallelism();
  const prepared = await prepareRun({ versions: [...versions], kernels: [...kernels], programs: [scenario.program], programsDir: options.programsDir, parallel, resultsRoot: options.resultsRoot, vm: vmSettingsFromEnv() });
  const plan: RunPlan = { ...prepared, runDir: join(options.resultsRoot, prepared.runId) };
  try {
    refuseUncompilable(plan, scenario, options.programFile);
    const store = new RunStore(options.resultsRoot, plan.runId);
    await writeFileAtomic(`${store.dir}/${RUN_INFO_FILE}`, `${JSON.stringify(runInfoOf(plan, startedAt), null, 2)}\n`);
    await store.open();
    const pairs = plan.kernels.flatMap((k) => plan.versions.map((v) => [k, v] as const));
    // As the matrix does: a VM runs one cell at a time; cells share the run's slots.
    const cells = await mapLimited(pairs, pairs.length, async ([k, v]) => {
      const locks = vmLockNames(k, [v.version]);
      const cell = await withNamedLocks(plan.runId, locks, () => withCellSlot(plan.parallel, () => runCell({ scenario, plan, kernel: k, version: v })));
      process.stderr.write(`criu-lab: ${cell.outcome.padEnd(13)} CRIU ${v.version} on ${k.name} (${(cell.ms / 1000).toFixed(1)} s)${cell.outcome === "pass" ? "" : `: ${cell.reason}`}\n`);
      await store.add(cell);
      return cell;
    });
    await store.finish();
    const environments = await collectEnvironments(plan);
    return { plan, cells, environments, store };
  } finally {
    stopVms(plan.kernels);
  }
}
