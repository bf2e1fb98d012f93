// One scenario on one CRIU version and one kernel, prepared from scratch: what a bisect step and a
// release probe both do. Every error is a harness-error cell, never an exception. On a VM kernel a
// bisect keeps its VMs between runs (keepVms): a run finds the VM an earlier one booted and installs
// its CRIU build into it, instead of making a root disk and booting for each commit.
import { join } from "node:path";
import type { CriuVersion } from "../images/versions.js";
import type { KernelSpec } from "../kernels/kernel-spec.js";
import type { Outcome } from "../results/outcome.js";
import type { Scenario } from "../scenario/define-scenario.js";
import { stopVms } from "../scenario/prepare-kernels.js";
import { prepareRun } from "../scenario/prepare-run.js";
import { isVmKernel } from "../scenario/run-plan.js";
import { runCell } from "../scenario/run-cell.js";
import { vmSettingsFromEnv } from "../executors/vm/vm-settings.js";
import { defaultResultsRoot } from "../results/run-store.js";

export interface OnceResult {
  outcome: Outcome;
  reason: string;
  /** CRIU was compiled for this run (not taken from the build cache). */
  built: boolean;
  /** How long that compile took (0: none). */
  buildMs: number;
  /** On a VM kernel: whether the VM was booted for this run or kept from an earlier one. */
  vm?: "booted" | "reused";
  ms: number;
}

export interface OnceOptions {
  /** Where this run's CRIU logs go. */
  logsDir?: string;
  /** Keep the run's VMs for later runs of this bisect (and use those kept before); consoles go here. */
  keepVms?: { consolesDir: string };
}

export async function runScenarioOnce(scenario: Scenario, version: CriuVersion, kernel: KernelSpec, options: OnceOptions = {}): Promise<OnceResult> {
  const started = Date.now();
  try {
    const plan = await prepareRun({
      versions: [version],
      kernels: [kernel],
      programs: [scenario.program],
      parallel: 1,
      resultsRoot: options.logsDir ?? defaultResultsRoot(),
      vm: vmSettingsFromEnv(),
      ...(options.keepVms ? { keepVms: options.keepVms } : {}),
    });
    if (options.logsDir) plan.runDir = options.logsDir;
    try {
      const v = plan.versions[0]!;
      const k = plan.kernels[0]!;
      const cell = await runCell({ scenario, plan, kernel: k, version: v });
      const vm = isVmKernel(k) ? k.vms[v.version] : undefined;
      return {
        outcome: cell.outcome, reason: cell.reason, built: v.state === "ready" && v.builtNow, buildMs: v.state === "ready" ? v.buildMs : 0, ms: Date.now() - started,
        ...(vm?.state === "up" ? { vm: vm.reused ? "reused" : "booted" } : {}),
      };
    } finally {
      stopVms(plan.kernels);
    }
  } catch (e) {
    const reason = e instanceof Error ? (e.message.split("\n")[0] ?? e.name) : String(e);
    return { outcome: "harness-error", reason, built: false, buildMs: 0, ms: Date.now() - started };
  }
}

/** Where a run's CRIU logs go inside a bisect's results directory. */
export function logsDirOf(bisectDir: string, label: string): string {
  return join(bisectDir, label.replace(/[^\w.-]+/g, "-"));
}

/** Where a bisect's kept VMs keep their consoles. */
export function vmConsolesOf(bisectDir: string): string {
  return join(bisectDir, "vms");
}
