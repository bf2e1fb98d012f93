// `criu-lab bisect-step`: what `git bisect run` calls at each commit: build CRIU at HEAD (cached),
// run the scenario once, answer 0 / 1 / 125. Every error becomes 125 (skip), never >= 128.
import { execa } from "execa";
import { appendFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { CriuVersion } from "../images/versions.js";
import { parseKernelSpecs } from "../kernels/kernel-spec.js";
import { stopVms } from "../scenario/prepare-kernels.js";
import { prepareRun } from "../scenario/prepare-run.js";
import { runCell } from "../scenario/run-cell.js";
import { vmSettingsFromEnv } from "../executors/vm/vm-settings.js";
import { defaultResultsRoot } from "../results/run-store.js";
import { loadScenario } from "../scenario/select-scenarios.js";
import { bisectExitCode, SKIP, type BisectMode } from "./verdict.js";

export interface StepRecord {
  commit: string;
  outcome: string;
  reason: string;
  exitCode: number;
  /** True when CRIU was built for this step (false: a cached build). */
  built: boolean;
  ms: number;
}

export async function bisectStepCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { scenario: { type: "string" }, mode: { type: "string" }, "criu-repo": { type: "string" }, kernel: { type: "string" }, record: { type: "string" }, logs: { type: "string" } },
    strict: true,
  });
  const started = Date.now();
  const commit = (await execa("git", ["rev-parse", "HEAD"])).stdout.trim();
  let record: StepRecord = { commit, outcome: "harness-error", reason: "", exitCode: SKIP, built: false, ms: 0 };
  try {
    const scenario = await loadScenario(values.scenario ?? "");
    const version: CriuVersion = { version: `git:${commit.slice(0, 12)}`, source: { kind: "git", repo: values["criu-repo"] ?? ".", ref: commit } };
    const plan = await prepareRun({
      versions: [version],
      kernels: parseKernelSpecs(values.kernel ? [values.kernel] : undefined),
      programs: [scenario.program],
      parallel: 1,
      resultsRoot: values.logs ?? defaultResultsRoot(),
      vm: vmSettingsFromEnv(),
    });
    if (values.logs) plan.runDir = join(values.logs, commit.slice(0, 12));
    let cell;
    try {
      cell = await runCell({ scenario, plan, kernel: plan.kernels[0]!, version: plan.versions[0]! });
    } finally {
      stopVms(plan.kernels);
    }
    const mode: BisectMode = values.mode === "fix" ? "fix" : "regression";
    record = { commit, outcome: cell.outcome, reason: cell.reason, exitCode: bisectExitCode(cell.outcome, mode), built: plan.versions[0]?.state === "ready" && plan.versions[0].builtNow, ms: 0 };
  } catch (e) {
    record.reason = e instanceof Error ? e.message.split("\n")[0] ?? e.name : String(e);
  }
  record.ms = Date.now() - started;
  process.stderr.write(`criu-lab: bisect step ${commit.slice(0, 12)}: ${record.outcome} -> exit ${record.exitCode} (${(record.ms / 1000).toFixed(1)} s) ${record.reason}\n`);
  if (values.record) {
    await mkdir(join(values.record, ".."), { recursive: true });
    await appendFile(values.record, `${JSON.stringify(record)}\n`);
  }
  return record.exitCode;
}
