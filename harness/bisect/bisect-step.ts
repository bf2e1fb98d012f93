// `criu-lab bisect-step`: what `git bisect run` calls at each commit: build CRIU at HEAD (cached),
// run the scenario once, answer 0 / 1 / 125. Every error becomes 125 (skip), never >= 128.
import { execa } from "execa";
import { appendFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { CriuVersion } from "../images/versions.js";
import { parseKernelSpec } from "../kernels/kernel-spec.js";
import { loadScenario } from "../scenario/select-scenarios.js";
import { logsDirOf, runScenarioOnce } from "./run-once.js";
import { BISECT_MODES, bisectExitCode, SKIP, type BisectMode } from "./verdict.js";

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
    const mode: BisectMode = BISECT_MODES.find((m) => m === values.mode) ?? "regression";
    const once = await runScenarioOnce(scenario, version, parseKernelSpec(values.kernel ?? "host"), values.logs ? { logsDir: logsDirOf(values.logs, commit.slice(0, 12)) } : {});
    record = { commit, outcome: once.outcome, reason: once.reason, exitCode: bisectExitCode(once.outcome, mode), built: once.built, ms: 0 };
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
