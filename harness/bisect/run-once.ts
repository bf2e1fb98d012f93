// One scenario on one CRIU version and one kernel, prepared from scratch: what a bisect step and a
// release probe both do. Every error is a harness-error cell, never an exception.
import { join } from "node:path";
import type { CriuVersion } from "../images/versions.js";
import type { KernelSpec } from "../kernels/kernel-spec.js";
import type { Outcome } from "../results/outcome.js";
import type { Scenario } from "../scenario/define-scenario.js";
import { stopVms } from "../scenario/prepare-kernels.js";
import { prepareRun } from "../scenario/prepare-run.js";
import { runCell } from "../scenario/run-cell.js";
import { vmSettingsFromEnv } from "../executors/vm/vm-settings.js";
import { defaultResultsRoot } from "../results/run-store.js";

export interface OnceResult {
  outcome: Outcome;
  reason: string;
  /** CRIU was compiled for this run (not taken from the build cache). */
  built: boolean;
  ms: number;
}

export async function runScenarioOnce(scenario: Scenario, version: CriuVersion, kernel: KernelSpec, options: { logsDir?: string } = {}): Promise<OnceResult> {
  const started = Date.now();
  try {
    const plan = await prepareRun({
      versions: [version],
      kernels: [kernel],
      programs: [scenario.program],
      parallel: 1,
      resultsRoot: options.logsDir ?? defaultResultsRoot(),
      vm: vmSettingsFromEnv(),
    });
    if (options.logsDir) plan.runDir = options.logsDir;
    try {
      const v = plan.versions[0]!;
      const cell = await runCell({ scenario, plan, kernel: plan.kernels[0]!, version: v });
      return { outcome: cell.outcome, reason: cell.reason, built: v.state === "ready" && v.builtNow, ms: Date.now() - started };
    } finally {
      stopVms(plan.kernels);
    }
  } catch (e) {
    const reason = e instanceof Error ? (e.message.split("\n")[0] ?? e.name) : String(e);
    return { outcome: "harness-error", reason, built: false, ms: Date.now() - started };
  }
}

/** Where a run's CRIU logs go inside a bisect's results directory. */
export function logsDirOf(bisectDir: string, label: string): string {
  return join(bisectDir, label.replace(/[^\w.-]+/g, "-"));
}
