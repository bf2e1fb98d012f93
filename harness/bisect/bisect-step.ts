// `criu-lab bisect-step`: what `git bisect run` calls at each commit: build CRIU at HEAD (cached),
// run the scenario once, answer 0 / 1 / 125. Every error becomes 125 (skip), never >= 128. With
// --keep-vms (a VM kernel) the step uses the VM an earlier step of the bisect left booted.
import { execa } from "execa";
import { appendFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { CriuVersion } from "../images/versions.js";
import { parseKernelSpec } from "../kernels/kernel-spec.js";
import { loadScenario } from "../scenario/select-scenarios.js";
import { logsDirOf, runScenarioOnce, vmConsolesOf } from "./run-once.js";
import { BISECT_MODES, bisectExitCode, SKIP, type BisectMode } from "./verdict.js";

export interface StepRecord {
  commit: string;
  outcome: string;
  reason: string;
  exitCode: number;
  /** True when CRIU was built for this step (false: a cached build). */
  built: boolean;
  /** How long that build took (0: cached). */
  buildMs: number;
  /** On a VM kernel: whether this step booted its VM or used one an earlier step kept. */
  vm?: "booted" | "reused";
  ms: number;
}

export async function bisectStepCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { scenario: { type: "string" }, mode: { type: "string" }, "criu-repo": { type: "string" }, kernel: { type: "string" }, record: { type: "string" }, logs: { type: "string" }, "keep-vms": { type: "boolean" } },
    strict: true,
  });
  const started = Date.now();
  const commit = (await execa("git", ["rev-parse", "HEAD"])).stdout.trim();
  let record: StepRecord = { commit, outcome: "harness-error", reason: "", exitCode: SKIP, built: false, buildMs: 0, ms: 0 };
  try {
    const scenario = await loadScenario(values.scenario ?? "");
    const version: CriuVersion = { version: `git:${commit.slice(0, 12)}`, source: { kind: "git", repo: values["criu-repo"] ?? ".", ref: commit } };
    const mode: BisectMode = BISECT_MODES.find((m) => m === values.mode) ?? "regression";
    const keep = values["keep-vms"] && values.logs ? { keepVms: { consolesDir: vmConsolesOf(values.logs) } } : {};
    const once = await runScenarioOnce(scenario, version, parseKernelSpec(values.kernel ?? "host"), { ...(values.logs ? { logsDir: logsDirOf(values.logs, commit.slice(0, 12)) } : {}), ...keep });
    record = { commit, outcome: once.outcome, reason: once.reason, exitCode: bisectExitCode(once.outcome, mode), built: once.built, buildMs: once.buildMs, ...(once.vm ? { vm: once.vm } : {}), ms: 0 };
  } catch (e) {
    record.reason = e instanceof Error ? e.message.split("\n")[0] ?? e.name : String(e);
  }
  record.ms = Date.now() - started;
  const cost = `${(record.ms / 1000).toFixed(1)} s${record.built ? `, build ${(record.buildMs / 1000).toFixed(1)} s` : ""}${record.vm ? `, VM ${record.vm}` : ""}`;
  process.stderr.write(`criu-lab: bisect step ${commit.slice(0, 12)}: ${record.outcome} -> exit ${record.exitCode} (${cost}) ${record.reason}\n`);
  if (values.record) {
    await mkdir(join(values.record, ".."), { recursive: true });
    await appendFile(values.record, `${JSON.stringify(record)}\n`);
  }
  return record.exitCode;
}
